// Writing files so that a failed or interrupted run never leaves half of one: the content goes
// to a temporary file with a unique name beside the target, is flushed to disk (fsync), and
// is renamed into place; the folder is then flushed too, so the rename survives a crash.
// reckon's one way to write an output file (STYLE.md: never clobber).
#pragma once

#include <filesystem>
#include <fstream>
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

    // Takes in a temporary file already written and flushed beside `path` (OutputFile's), to
    // be put in place by commit() like a staged one; it is removed if the set is not committed.
    void adopt(const std::filesystem::path& path, const std::filesystem::path& temp);

private:
    struct Entry {
        std::filesystem::path target;
        std::filesystem::path temp;
        std::filesystem::path backup;  // the replaced file, until commit() succeeds
        bool replaced = false;         // a file was at `target` when this one took its place
        bool placed = false;
    };
    void place(Entry& e) const;
    void undo() noexcept;
    void remove_temporaries() noexcept;

    bool m_overwrite;
    bool m_committed = false;
    std::vector<Entry> m_entries;
};

// One file written as a stream (a command's --output): the bytes go to a temporary file with a
// unique name beside `path`, and commit() flushes it to disk and puts it in place as a FileSet
// of one. Destroyed before commit(), it removes the temporary file and touches nothing else.
class OutputFile {
public:
    // Refuses an existing `path` (InputError, hint --overwrite) unless `overwrite`; throws
    // Error when the temporary file cannot be created.
    OutputFile(const std::filesystem::path& path, bool overwrite);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::ostream& stream() { return m_out; }
    // Throws Error naming the file when writing or flushing failed (a full disk), and
    // InputError when `path` appeared meanwhile and overwriting is not allowed. Call once.
    void commit();

private:
    std::filesystem::path m_path, m_temp;
    bool m_overwrite;
    std::ofstream m_out;
    bool m_committed = false;
};

}  // namespace reckon::core
