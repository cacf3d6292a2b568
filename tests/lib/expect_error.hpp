// Expectations on exceptions that check the message, not only the type (as fmt's tests do
// with EXPECT_THROW_MSG): a test should pin the part of the message that tells the user what
// went wrong and where (file, line, option), so a message that loses it fails a test.
//
//   EXPECT_THROW_MSG_HAS(parse("x"), reckon::InputError, "t.csv:3: ");
//   EXPECT_THROW_HINT_HAS(load(dir), reckon::InputError, "airports.csv", "--airports");
#pragma once

#include <gtest/gtest.h>

#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "reckon/core/error.hpp"

namespace reckon::tests {

// Runs `statement`; succeeds when it throws an `E` whose what() contains `what_has` and, if
// `hint_has` is not null, whose hint() contains `hint_has` (E must then be a reckon::Error).
// The failure message shows the statement, the message and hint actually thrown.
template <typename E, typename F>
::testing::AssertionResult throws_with(F&& statement, const char* statement_text, const char* type_text,
                                       std::string_view what_has, const char* hint_has = nullptr) {
    try {
        statement();
    } catch (const E& e) {
        const std::string what = e.what();
        if (what.find(what_has) == std::string::npos)
            return ::testing::AssertionFailure()
                   << statement_text << " threw " << type_text << " with message\n  \"" << what
                   << "\"\nwhich does not contain\n  \"" << what_has << "\"";
        if (hint_has == nullptr) return ::testing::AssertionSuccess();
        if constexpr (std::is_base_of_v<reckon::Error, E>) {
            if (e.hint().find(hint_has) == std::string::npos)
                return ::testing::AssertionFailure()
                       << statement_text << " threw " << type_text << " with hint\n  \"" << e.hint()
                       << "\"\nwhich does not contain\n  \"" << hint_has << "\"";
            return ::testing::AssertionSuccess();
        } else {
            return ::testing::AssertionFailure() << type_text << " has no hint(): use EXPECT_THROW_MSG_HAS";
        }
    } catch (const std::exception& e) {
        return ::testing::AssertionFailure() << statement_text << " threw " << typeid(e).name() << " (\""
                                             << e.what() << "\"), not " << type_text;
    } catch (...) {
        return ::testing::AssertionFailure() << statement_text << " threw something not a std::exception";
    }
    return ::testing::AssertionFailure() << statement_text << " did not throw " << type_text;
}

}  // namespace reckon::tests

// statement throws Type (or a subclass) whose what() contains the substring.
#define EXPECT_THROW_MSG_HAS(statement, Type, substring) \
    EXPECT_TRUE(::reckon::tests::throws_with<Type>([&] { statement; }, #statement, #Type, substring))

// As EXPECT_THROW_MSG_HAS, and the reckon::Error's hint() contains hint_substring.
#define EXPECT_THROW_HINT_HAS(statement, Type, substring, hint_substring)                            \
    EXPECT_TRUE(::reckon::tests::throws_with<Type>([&] { statement; }, #statement, #Type, substring, \
                                                   hint_substring))
