// Output targets and formats for the CLI.
#include "output.hpp"

#include <unistd.h>

#include <iostream>
#include <system_error>

#include "reckon/core/claim_format.hpp"
#include "reckon/core/error.hpp"

namespace reckon::app {

Format parse_format(const std::string& name) {
    if (name == "jsonl" || name == "json") return Format::jsonl;
    if (name == "csv") return Format::csv;
    if (name == "table") return Format::table;
    throw UsageError("unknown --format '" + name + "'", "use one of: jsonl, csv, table");
}

Format default_format() { return isatty(STDOUT_FILENO) == 1 ? Format::table : Format::jsonl; }

Output::Output(const std::filesystem::path& path, bool overwrite) : m_path(path) {
    if (path.empty()) return;
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && !overwrite)
        throw InputError({path.string()}, "output file exists", "choose another name or add --overwrite");
    m_temp = path;
    m_temp += ".tmp-" + std::to_string(::getpid());
    m_file = std::make_unique<std::ofstream>(m_temp, std::ios::binary | std::ios::trunc);
    if (!*m_file)
        throw InputError({m_temp.string()}, "cannot create output file",
                         "check the folder exists and is writable");
}

Output::~Output() {
    if (m_file && !m_committed) {
        m_file.reset();
        std::error_code ec;
        std::filesystem::remove(m_temp, ec);
    }
}

std::ostream& Output::stream() { return m_file ? static_cast<std::ostream&>(*m_file) : std::cout; }

void Output::commit() {
    if (!m_file) {
        std::cout.flush();
        return;
    }
    m_file->flush();
    if (!*m_file)
        throw Error("writing " + m_temp.string() + " failed (disk full?)", "free space and run again");
    m_file->close();
    std::error_code ec;
    std::filesystem::rename(m_temp, m_path, ec);
    if (ec) throw Error("cannot move " + m_temp.string() + " to " + m_path.string() + ": " + ec.message());
    m_committed = true;
}

void write_evidence(std::ostream& out, Format format, const std::vector<core::Claim>& claims,
                    const std::vector<core::Event>& events, bool header) {
    switch (format) {
        case Format::jsonl:
            for (const auto& c : claims)
                out << core::to_json(c).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                    << '\n';
            for (const auto& e : events)
                out << core::to_json(e).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                    << '\n';
            break;
        case Format::csv:
            if (header) out << core::claims_csv_header() << '\n';
            for (const auto& c : claims) out << core::to_csv_row(c) << '\n';
            break;
        case Format::table:
            core::write_table(out, claims, events, header);
            break;
    }
}

}  // namespace reckon::app
