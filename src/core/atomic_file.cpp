// Whole-file writes through a temporary file, fsync and rename; see atomic_file.hpp. POSIX
// calls rather than std::ofstream, because a stream cannot fsync and cannot create a file
// only if it does not exist (O_EXCL).
#include "reckon/core/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <random>
#include <set>
#include <system_error>

#include "reckon/core/error.hpp"

namespace reckon::core {
namespace {

namespace fs = std::filesystem;

// Names tried before giving up on a unique temporary name (each try is a fresh random one).
constexpr int MAX_NAME_TRIES = 100;
// Read and write for everyone the process umask allows, as std::ofstream would create it.
constexpr mode_t NEW_FILE_MODE = 0666;

const char* const OVERWRITE_HINT = "pass --overwrite to replace it, or choose another --out";

std::string errno_text(int err) { return std::system_category().message(err); }

// A fresh hidden name beside `target`: ".NAME.SUFFIX-PID-COUNT-RANDOM". Unique within the
// process by the counter and between processes by the pid and the random part.
fs::path sibling_name(const fs::path& target, std::string_view suffix) {
    static std::atomic<unsigned> counter{0};
    thread_local std::mt19937_64 rng{std::random_device{}()};
    auto name = fmt::format(".{}.{}-{}-{}-{:08x}", target.filename().string(), suffix, ::getpid(),
                            counter.fetch_add(1), static_cast<std::uint32_t>(rng()));
    return target.parent_path() / name;
}

// Opens a new temporary file beside `target` (O_EXCL, so never an existing one).
int open_temporary(const fs::path& target, fs::path& temp) {
    for (int i = 0; i < MAX_NAME_TRIES; ++i) {
        temp = sibling_name(target, "tmp");
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, NEW_FILE_MODE);
        if (fd >= 0) return fd;
        if (errno != EEXIST)
            throw Error(fmt::format("cannot create a temporary file beside {}: {}", target.string(),
                                    errno_text(errno)),
                        "check that the folder exists and that you may write to it");
    }
    throw Error(fmt::format("cannot find a free temporary name beside {}", target.string()),
                "remove stale .*.tmp-* files from the folder");
}

void write_all(int fd, std::string_view content, const fs::path& temp) {
    while (!content.empty()) {
        const ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw Error(fmt::format("writing {} failed: {}", temp.string(), errno_text(n < 0 ? errno : EIO)),
                        "check the free space");
        content.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fsync(fd) != 0)
        throw Error(fmt::format("writing {} to disk failed: {}", temp.string(), errno_text(errno)),
                    "check the disk");
}

// Flushes a folder's entries (the renames into it). Filesystems that cannot sync a folder
// (EINVAL) keep their own promises.
void sync_folder(const fs::path& folder) {
    const fs::path dir = folder.empty() ? fs::path(".") : folder;
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("cannot open the folder {}: {}", dir.string(), errno_text(errno)));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0 && err != EINVAL && err != ENOTSUP)
        throw Error(fmt::format("flushing the folder {} to disk failed: {}", dir.string(), errno_text(err)),
                    "check the disk");
}

[[noreturn]] void throw_exists(const fs::path& target) {
    throw InputError({target.string()}, "the file exists already", OVERWRITE_HINT);
}

}  // namespace

FileSet::~FileSet() {
    if (!m_committed) remove_temporaries();
}

void FileSet::stage(const fs::path& path, std::string_view content) {
    Entry e{path, {}, {}, false, false};
    const int fd = open_temporary(path, e.temp);
    try {
        write_all(fd, content, e.temp);
    } catch (...) {
        ::close(fd);
        std::error_code ec;
        fs::remove(e.temp, ec);
        throw;
    }
    if (::close(fd) != 0) {
        const int err = errno;
        std::error_code ec;
        fs::remove(e.temp, ec);
        throw Error(fmt::format("writing {} failed: {}", e.temp.string(), errno_text(err)),
                    "check the free space");
    }
    m_entries.push_back(std::move(e));
}

void FileSet::place(Entry& e) const {
    if (!m_overwrite) {
        // Atomic no-clobber: fails with EEXIST if a file appeared since commit() looked.
        if (::renameat2(AT_FDCWD, e.temp.c_str(), AT_FDCWD, e.target.c_str(), RENAME_NOREPLACE) == 0) {
            e.placed = true;
            return;
        }
        if (errno == EEXIST) throw_exists(e.target);
        if (errno != EINVAL && errno != ENOSYS)
            throw Error(fmt::format("cannot move {} into place: {}", e.target.string(), errno_text(errno)),
                        "check the folder's permissions");
        // A filesystem without RENAME_NOREPLACE: commit() has checked that the target is absent.
    } else {
        std::error_code ec;
        if (fs::exists(fs::symlink_status(e.target, ec))) {
            e.replaced = true;
            // A second name for the file being replaced, so undo() can bring it back.
            for (int i = 0; i < MAX_NAME_TRIES && e.backup.empty(); ++i) {
                const auto backup = sibling_name(e.target, "old");
                if (::link(e.target.c_str(), backup.c_str()) == 0)
                    e.backup = backup;
                else if (errno != EEXIST)
                    break;  // no hard links here: replace without a way back
            }
        }
    }
    if (::rename(e.temp.c_str(), e.target.c_str()) != 0)
        throw Error(fmt::format("cannot move {} into place: {}", e.target.string(), errno_text(errno)),
                    "check the folder's permissions");
    e.placed = true;
}

void FileSet::commit() {
    if (m_committed) throw std::logic_error("FileSet::commit called twice");
    m_committed = true;
    try {
        if (!m_overwrite) {
            std::error_code ec;
            for (const auto& e : m_entries)
                if (fs::exists(fs::symlink_status(e.target, ec))) throw_exists(e.target);
        }
        std::set<fs::path> folders;
        for (auto& e : m_entries) {
            place(e);
            folders.insert(e.target.parent_path());
        }
        for (const auto& folder : folders) sync_folder(folder);
    } catch (...) {
        undo();
        remove_temporaries();
        throw;
    }
    std::error_code ec;
    for (const auto& e : m_entries)
        if (!e.backup.empty()) fs::remove(e.backup, ec);
}

void FileSet::undo() noexcept {
    std::error_code ec;
    // Newest first, so a target staged twice gets back what it held before the set.
    for (std::size_t i = m_entries.size(); i-- > 0;) {
        Entry& e = m_entries[i];
        if (!e.placed) continue;
        if (!e.backup.empty()) {
            fs::rename(e.backup, e.target, ec);
            e.backup.clear();
        } else if (!e.replaced) {
            fs::remove(e.target, ec);
        }  // else: replaced on a filesystem without hard links; the new file stays
        e.placed = false;
    }
}

void FileSet::remove_temporaries() noexcept {
    std::error_code ec;
    for (const auto& e : m_entries) {
        if (!e.placed) fs::remove(e.temp, ec);
        if (!e.backup.empty()) fs::remove(e.backup, ec);
    }
}

void FileSet::adopt(const fs::path& path, const fs::path& temp) {
    m_entries.push_back({path, temp, {}, false, false});
}

OutputFile::OutputFile(const fs::path& path, bool overwrite) : m_path(path), m_overwrite(overwrite) {
    std::error_code ec;
    if (!overwrite && fs::exists(fs::symlink_status(path, ec))) throw_exists(path);
    const int fd = open_temporary(path, m_temp);
    ::close(fd);
    m_out.open(m_temp, std::ios::binary | std::ios::trunc);
    if (!m_out) {
        fs::remove(m_temp, ec);
        throw Error(fmt::format("cannot write {}", m_temp.string()),
                    "check that you may write to the folder");
    }
}

OutputFile::~OutputFile() {
    if (m_committed) return;
    m_out.close();
    std::error_code ec;
    fs::remove(m_temp, ec);
}

void OutputFile::commit() {
    if (m_committed) throw std::logic_error("OutputFile::commit called twice");
    m_out.flush();
    const bool written = static_cast<bool>(m_out);
    m_out.close();
    if (!written || m_out.fail())
        throw Error(fmt::format("writing {} failed", m_path.string()), "check the free space and run again");
    const int fd = ::open(m_temp.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const int err = errno;
        if (fd >= 0) ::close(fd);
        throw Error(fmt::format("writing {} to disk failed: {}", m_path.string(), errno_text(err)),
                    "check the disk");
    }
    ::close(fd);
    m_committed = true;  // from here the FileSet owns the temporary file
    FileSet one(m_overwrite);
    one.adopt(m_path, m_temp);
    one.commit();
}

void write_file_atomically(const fs::path& path, std::string_view content, bool overwrite) {
    std::error_code ec;
    // Checked first too, so a refused write costs no disk space.
    if (!overwrite && fs::exists(fs::symlink_status(path, ec))) throw_exists(path);
    FileSet one(overwrite);
    one.stage(path, content);
    one.commit();
}

}  // namespace reckon::core
