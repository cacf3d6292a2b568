// core::trim and core::unquote: which bytes each removes, and that neither touches the inside.
#include "reckon/core/text.hpp"

#include <gtest/gtest.h>

namespace reckon::core {
namespace {

TEST(Text, TrimAndUnquote) {
    const struct {
        std::string_view in, trimmed, unquoted;
    } cases[] = {
        {"", "", ""},
        {"abc", "abc", "abc"},
        {" \t\r\n\v\fabc \t\r\n", "abc", "abc"},
        {"a b", "a b", "a b"},
        {"\"406B90\"", "\"406B90\"", "406B90"},
        {" \"GLX7601 \"\r", "\"GLX7601 \"", "GLX7601"},
        {"\"a \"\" b\"", "\"a \"\" b\"", "a \"\" b"},
        {"\"\"", "\"\"", ""},
        {"\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0"},  // U+00A0 is not ASCII space
    };
    for (const auto& c : cases) {
        EXPECT_EQ(trim(c.in), c.trimmed) << "[" << c.in << "]";
        EXPECT_EQ(unquote(c.in), c.unquoted) << "[" << c.in << "]";
    }
    static_assert(trim("  x ") == "x");
}

}  // namespace
}  // namespace reckon::core
