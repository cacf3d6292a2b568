// Writing files so that a failed or interrupted run never leaves half of one: the content goes
// to a temporary file with a unique name beside the target, is flushed to disk (fsync), and
// is renamed into place; the folder is then flushed too, so the rename survives a crash.
// reckon's one way to write an output file (STYLE.md: never clobber).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace reckon::core {

// Writes `content` to `path` as above. Refuses an existing file (InputError, hint
// --overwrite) unless `overwrite`; throws Error naming the file if writing fails, leaving no
// temporary file behind.
void write_file_atomically(const std::filesystem::path& path, std::string_view content, bool overwrite);

// A set of files written all or none (a report's page, charts and tables). stage() writes
// each file to its temporary name; commit() puts all of them in place. If any staged file
// cannot be put in place, those already placed are taken back (and files they replaced
// restored), so the folders are as they were. A FileSet destroyed before commit() removes
// its temporary files and touches nothing else.
class FileSet {
public:
    explicit FileSet(bool overwrite) : m_overwrite(overwrite) {}
    ~FileSet();
    FileSet(const FileSet&) = delete;
    FileSet& operator=(const FileSet&) = delete;

    // Writes `content` to a new temporary file beside `path` and flushes it. Throws Error
    // naming the file when it cannot be written (the folder missing, the disk full).
    void stage(const std::filesystem::path& path, std::string_view content);

    // Unless `overwrite`, first checks that no target exists (InputError naming the first
    // that does, hint --overwrite); then renames every staged file into place and flushes
    // the folders. Throws Error when a rename fails, after undoing the others. Call once.
    void commit();

    std::size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        std::filesystem::path target;
        std::filesystem::path temp;
        std::filesystem::path backup;  // the replaced file, until commit() succeeds
        bool replaced = false;         // a file was at `target` when this one took its place
        bool placed = false;
    };
    void place(Entry& e);
    void undo() noexcept;
    void remove_temporaries() noexcept;

    bool m_overwrite;
    bool m_committed = false;
    std::vector<Entry> m_entries;
};

}  // namespace reckon::core
