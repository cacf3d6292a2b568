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

Output::Output(const std::filesystem::path& path, bool overwrite) {
    if (!path.empty()) m_file.emplace(path, overwrite);
}

std::ostream& Output::stream() { return m_file ? m_file->stream() : std::cout; }

void Output::commit() {
    if (m_file)
        m_file->commit();
    else
        std::cout.flush();
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
