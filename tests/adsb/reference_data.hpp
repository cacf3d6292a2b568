// The shared reference tables the ADS-B flight tests read (airports and the aircraft table
// in ../shared/data/adsb), loaded once per test binary.
#pragma once

#include <string>

#include "reckon/adsb/aircraft_db.hpp"
#include "reckon/adsb/airports.hpp"

namespace reckon::adsb::test_data {

inline const std::string& adsb_data_dir() {
    static const std::string dir = std::string(RECKON_SHARED_DIR) + "/data/adsb";
    return dir;
}

inline const Airports& airports() {
    static const Airports a = Airports::load(adsb_data_dir() + "/airports");
    return a;
}

inline const AircraftDb& aircraft() {
    static const AircraftDb db = AircraftDb::load(adsb_data_dir() + "/aircraft/aircraft.csv.gz");
    return db;
}

}  // namespace reckon::adsb::test_data
