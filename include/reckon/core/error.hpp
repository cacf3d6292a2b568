// The exception family reckon throws for failures a user can fix. Each carries where it
// happened (file, line, byte) and a hint saying what to do; main() catches them once and
// maps them to exit codes. Expected outcomes (a sentence with no claim) are values, not
// exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace reckon {

// Base of every reckon error: a message plus an optional hint for the user.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, std::string hint = {})
        : std::runtime_error(message), m_hint(std::move(hint)) {}
    const std::string& hint() const { return m_hint; }

private:
    std::string m_hint;
};

// Where in an input something went wrong. Any field may be absent.
struct Location {
    std::string file;
    std::optional<std::uint64_t> line{};    // 1-based
    std::optional<std::uint64_t> column{};  // 1-based
    std::optional<std::uint64_t> byte{};    // 0-based offset into the file
    std::string to_string() const;          // "file:line:column" or "file (byte N)"
};

// Bad input: a file that cannot be read, parsed or understood. Exit code 1.
class InputError : public Error {
public:
    InputError(Location where, const std::string& what, std::string hint = {})
        : Error(where.to_string() + ": " + what, std::move(hint)), m_where(std::move(where)) {}
    const Location& where() const { return m_where; }

private:
    Location m_where;
};

// The evidence store could not be opened, read or written. Exit code 1.
class StoreError : public Error {
public:
    using Error::Error;
};

// The command line is wrong. Exit code 2.
class UsageError : public Error {
public:
    using Error::Error;
};

}  // namespace reckon
