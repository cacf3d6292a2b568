// Where command output goes and in which form. Data goes to stdout, or to a file given
// with --output, written to a temporary file beside it and renamed into place when
// complete, so a failed run never leaves a half-written file; an existing file is
// refused unless --overwrite is given.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "reckon/core/atomic_file.hpp"
#include "reckon/core/claim.hpp"

namespace reckon::app {

enum class Format { jsonl, csv, table };

// Parses --format; throws UsageError naming the choices.
Format parse_format(const std::string& name);
// table on a terminal, jsonl in a pipe.
Format default_format();

class Output {
public:
    // Empty path = stdout; otherwise a core::OutputFile. Throws InputError if the file exists
    // and !overwrite.
    Output(const std::filesystem::path& path, bool overwrite);
    std::ostream& stream();
    // Flushes and puts the file in place (core::OutputFile::commit). Throws Error on a write failure.
    void commit();

private:
    std::optional<core::OutputFile> m_file;  // none: stdout
};

// Writes claims and events in `format`. For CSV, events are left out (a separate table);
// the caller says so on stderr.
void write_evidence(std::ostream& out, Format format, const std::vector<core::Claim>& claims,
                    const std::vector<core::Event>& events, bool header = true);

}  // namespace reckon::app
