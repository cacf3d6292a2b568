// Who an aircraft is: registration, type and description by 24-bit address from an aircraft
// table (`--aircraft TABLE`: CSV icao24,registration,typecode,dbflags,description, plain or
// gzip, as the Mictronics / tar1090-db database ships it), and airline names and countries by
// ICAO designator from the operators JSON beside it. reckon ships no table: docs/adsb-flights.md
// says where to get one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reckon::adsb {

struct AircraftInfo {
    std::string registration;   // "RA-78765"; empty when the table has none
    std::string typecode;       // ICAO type designator, "IL76"
    std::string description;    // "ILYUSHIN Il-76"
    std::uint8_t db_flags = 0;  // tar1090-db flags: bit 0 military, 1 interesting, 2 PIA, 3 LADD
    bool military() const { return (db_flags & 1) != 0; }
};

struct OperatorInfo {
    std::string designator;  // ICAO three-letter airline designator, "GLX"
    std::string name;        // "Gelix Airlines"
    std::string country;     // as the table writes it: "Russia"
    std::string callsign;    // radio telephony designator
};

class AircraftDb {
public:
    // Reads the aircraft table at `table` and, when `operators` is empty, the first of
    // operators.js.gz, operators.js, operators.json found in the table's folder (none is
    // fine: operators stay unknown). Throws InputError naming the file (and the line, for
    // broken CSV quoting) on a missing or malformed file; rows whose values are malformed are
    // skipped and counted.
    static AircraftDb load(const std::filesystem::path& table, const std::filesystem::path& operators = {});

    // Adds the rows of an aircraft table: comma-separated with a header naming icao24 and at
    // least one of registration, typecode (dbflags and description, or OpenSky's model,
    // optional), or tar1090-db's own headerless hex;reg;type;flags;desc;... rows. A later row
    // for the same address replaces an earlier one.
    void add_aircraft_csv(std::string_view text, const std::string& file);
    // Adds operators from {"GLX": {"n": name, "c": country, "r": radio callsign}, ...}.
    void add_operators_json(std::string_view text, const std::string& file);

    const AircraftInfo* find(std::uint32_t icao) const;
    const OperatorInfo* find_operator(std::string_view designator) const;

    std::size_t aircraft() const { return m_aircraft.size(); }
    std::size_t operators() const { return m_operators.size(); }
    std::size_t skipped() const { return m_skipped; }

private:
    std::unordered_map<std::uint32_t, AircraftInfo> m_aircraft;
    std::unordered_map<std::string, OperatorInfo> m_operators;
    std::size_t m_skipped = 0;
};

// The ICAO airline designator a callsign starts with: three letters followed by a digit
// ("GLX7601" → "GLX", "DLH4TR" → "DLH"); nullopt for registrations used as callsigns
// ("RA78765", "DABCD") and anything else.
std::optional<std::string> airline_designator(std::string_view callsign);

}  // namespace reckon::adsb
