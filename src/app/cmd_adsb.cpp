// `reckon adsb`: the table of ADS-B / Mode S sub-commands. The decoding, the readers and the
// tracker live in reckon::adsb; each sub-command's file wires them to the command line.
#include "cmd_adsb.hpp"

#include <fmt/core.h>

#include <array>

#include "cmd_adsb_decode.hpp"
#include "cmd_adsb_flights.hpp"
#include "reckon/adsb/archives.hpp"
#include "reckon/adsb/iq.hpp"

namespace reckon::app {

void AdsbCommand::setup(CLI::App& app) {
    static const auto entries = std::to_array<Entry>({
        {"decode", "Print every Mode S / ADS-B message of recordings and feeds",
         make_command<AdsbDecodeCommand>},
        {"flights", "Find flights, their airports and aircraft, and the watchlist's matches",
         make_command<AdsbFlightsCommand>},
    });
    add_subcommands(app, entries);
}

void AdsbInputOptions::add(CLI::App& app, std::string_view extra_formats) {
    app.add_option(
           "--format", format,
           fmt::format("auto (default), {}avr, beast, sbs, opensky, tshex, readsb-trace, globe-history, "
                       "aircraft-json, opensky-raw, traffic-csv, fr24-csv, fr24-json, or raw IQ: "
                       "iq-u8, iq-s8, iq-s16 or iq-f32 (also cu8, ci8, ci16_le, cf32_le)",
                       extra_formats))
        ->type_name("FORMAT");
    app.add_option("--start-time", start_time,
                   "When an undated capture (Beast, AVR, IQ) started: ISO 8601 UTC or Unix seconds")
        ->type_name("TIME");
    app.add_option("--select", select,
                   "Archives: keep only icao=HEX[+HEX],type=T,operator=O,area=LAT0:LON0:LAT1:LON1")
        ->type_name("WHAT");
    app.add_option("--sample-rate", sample_rate,
                   "Raw IQ, MS/s from 2 to 64 (other than 2.0 and 2.4: resampled); from SigMF metadata or "
                   "found from the recording when not given")
        ->type_name("MS/s");
}

adsb::ReadOptions AdsbInputOptions::read_options(const adsb::ReadFormat& format_read) const {
    adsb::ReadOptions o;
    o.format = format_read;
    if (!sample_rate.empty()) o.sample_rate_hz = adsb::parse_sample_rate(sample_rate);
    o.start_time_s = adsb::parse_start_time_option(start_time);
    o.select = adsb::parse_selection(select);
    return o;
}

}  // namespace reckon::app
