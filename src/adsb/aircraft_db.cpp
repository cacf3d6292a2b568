// Aircraft and operator tables (see aircraft_db.hpp for the contract).
#include "reckon/adsb/aircraft_db.hpp"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

#include "parse_number.hpp"
#include "reckon/adsb/text_file.hpp"
#include "reckon/core/csv.hpp"
#include "reckon/core/error.hpp"
#include "reckon/core/text.hpp"

namespace reckon::adsb {

namespace {

std::string upper(std::string_view s) {
    std::string out(core::trim(s));
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// The table writes "None" where it has no value.
std::string_view value(std::string_view s) { return s == "None" ? std::string_view() : s; }

const char* const OPERATORS_HINT =
    "Expected an object of ICAO airline designator → {\"n\": name, \"c\": country}.";

const char* const TABLE_HINT =
    "Expected a CSV with the header icao24,registration,typecode,dbflags,description, or tar1090-db's "
    "hex;reg;type;flags;desc (see docs/adsb-flights.md for where to get one).";

}  // namespace

AircraftDb AircraftDb::load(const std::filesystem::path& table, const std::filesystem::path& operators) {
    AircraftDb db;
    db.add_aircraft_csv(read_text_file(table), table.string());
    std::filesystem::path ops = operators;
    if (ops.empty()) {
        std::error_code ec;
        for (const char* name : {"operators.js.gz", "operators.js", "operators.json"}) {
            const auto candidate = table.parent_path() / name;
            if (std::filesystem::is_regular_file(candidate, ec)) {
                ops = candidate;
                break;
            }
        }
    }
    if (!ops.empty()) db.add_operators_json(read_text_file(ops), ops.string());
    return db;
}

void AircraftDb::add_aircraft_csv(std::string_view text, const std::string& file) {
    // tar1090-db's own file is ';'-separated without a header (hex;reg;type;flags;desc;...);
    // the test table and OpenSky's database are ','-separated with one.
    const std::string_view first_line = text.substr(0, text.find('\n'));
    const char separator =
        first_line.find(',') == std::string_view::npos && first_line.find(';') != std::string_view::npos
            ? ';'
            : ',';
    core::CsvReader rows(text, file, {.separator = separator});
    core::CsvRecord row;
    if (!rows.next(row)) throw InputError({file}, "is empty", TABLE_HINT);
    const bool headerless = separator == ';' && detail::parse_icao24(row.fields[0]).has_value();
    std::optional<std::size_t> c_icao = 0, c_reg = 1, c_type = 2, c_flags = 3, c_desc = 4;
    if (!headerless) {
        const core::CsvHeader header(row, file);
        c_icao = header.column("icao24");
        c_reg = header.column("registration");
        c_type = header.column("typecode");
        c_flags = header.column("dbflags");
        c_desc = header.column("description");
        if (!c_desc) c_desc = header.column("model");  // OpenSky's database
        if (!c_icao || (!c_reg && !c_type))
            throw InputError({file, row.line},
                             "the header names no icao24 column, or neither registration nor typecode",
                             TABLE_HINT);
    }
    auto get = [&](std::optional<std::size_t> c) { return core::trim(row.field(c)); };
    for (bool have = headerless || rows.next(row); have; have = rows.next(row)) {
        if (row.fields.size() == 1 && core::trim(row.fields[0]).empty()) continue;  // blank line
        const auto icao = detail::parse_icao24(get(c_icao));
        if (!icao) {
            ++m_skipped;
            continue;
        }
        AircraftInfo info{.registration = upper(value(get(c_reg))),
                          .typecode = upper(value(get(c_type))),
                          .description = std::string(value(get(c_desc)))};
        // tar1090-db writes the flags as a string of 0/1 characters, one per bit: "10" is
        // military, "0001" LADD. Characters past the eighth, or other than 0/1, are ignored.
        const std::string_view flags = get(c_flags);
        for (std::size_t i = 0; i < flags.size() && i < 8; ++i)
            if (flags[i] == '1') info.db_flags = static_cast<std::uint8_t>(info.db_flags | (1u << i));
        m_aircraft[*icao] = std::move(info);
    }
}

void AircraftDb::add_operators_json(std::string_view text, const std::string& file) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError({file, {}, {}, e.byte > 0 ? e.byte - 1 : 0}, "is not valid JSON",
                         "Expected an object of ICAO airline designator → {\"n\": name, \"c\": country}.");
    } catch (const nlohmann::json::exception&) {
        // Anything else nlohmann rejects while parsing, e.g. a number too large for a double.
        throw InputError({file}, "holds a value that cannot be read (a number out of range?)",
                         OPERATORS_HINT);
    }
    if (!j.is_object())
        throw InputError({file}, "is not a JSON object",
                         "Expected an object of ICAO airline designator → {\"n\": name, \"c\": country}.");
    auto text_of = [](const nlohmann::json& o, const char* key) -> std::string {
        const auto it = o.find(key);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const auto& [key, value] : j.items()) {
        const std::string designator = upper(key);
        if (designator.empty() || !value.is_object()) {
            ++m_skipped;
            continue;
        }
        m_operators[designator] =
            OperatorInfo{designator, text_of(value, "n"), text_of(value, "c"), text_of(value, "r")};
    }
}

const AircraftInfo* AircraftDb::find(std::uint32_t icao) const {
    const auto it = m_aircraft.find(icao);
    return it == m_aircraft.end() ? nullptr : &it->second;
}

const OperatorInfo* AircraftDb::find_operator(std::string_view designator) const {
    const auto it = m_operators.find(upper(designator));
    return it == m_operators.end() ? nullptr : &it->second;
}

std::optional<std::string> airline_designator(std::string_view callsign) {
    callsign = core::trim(callsign);
    if (callsign.size() < 4) return std::nullopt;
    for (std::size_t i = 0; i < 3; ++i)
        if (!std::isalpha(static_cast<unsigned char>(callsign[i]))) return std::nullopt;
    if (!std::isdigit(static_cast<unsigned char>(callsign[3]))) return std::nullopt;
    return upper(callsign.substr(0, 3));
}

}  // namespace reckon::adsb
