// A fresh folder under the system's temporary directory for one test, removed with all it
// holds when the test ends, even when the test made parts of it read-only. Tests that write
// files use it so that nothing is left behind in /tmp and parallel runs never share a path.
//
//   const reckon::tests::ScratchDir dir("reckon-archives");
//   write(dir.path() / "trace.json", ...);
#pragma once

#include <stdlib.h>  // NOLINT(modernize-deprecated-headers): mkdtemp is POSIX, declared only here

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace reckon::tests {

class ScratchDir {
public:
    // The folder is `<tmp>/<prefix>-XXXXXX`, readable by other users (a test may drop root's
    // rights in a child process and still need to read it).
    explicit ScratchDir(const std::string& prefix = "reckon-test") {
        std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
        m_path = pattern;
        namespace fs = std::filesystem;
        fs::permissions(m_path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    }
    ~ScratchDir() {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ScratchDir(ScratchDir&&) = delete;
    ScratchDir& operator=(ScratchDir&&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

}  // namespace reckon::tests
