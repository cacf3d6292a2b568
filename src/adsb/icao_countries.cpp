// The country of an airport from its ICAO location indicator: the first one or two letters
// are the nationality letters of ICAO Doc 7910 ("Location Indicators"), refined by a third or
// fourth letter where one prefix covers several states (U: Russia and its neighbours; FM:
// Comoros, Madagascar, Réunion). Used when no airports.csv with iso_country was given.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "reckon/adsb/airports.hpp"

namespace reckon::adsb {

namespace {

struct Prefix {
    std::string_view letters;
    std::string_view iso;  // ISO 3166-1 alpha-2
};

// Longest matching prefix wins, so exceptions are listed beside their region's default.
constexpr Prefix PREFIXES[] = {
    {"AG", "SB"},   {"AN", "NR"},   {"AY", "PG"},   {"BG", "GL"},   {"BI", "IS"},   {"BK", "XK"},
    {"C", "CA"},    {"DA", "DZ"},   {"DB", "BJ"},   {"DF", "BF"},   {"DG", "GH"},   {"DI", "CI"},
    {"DN", "NG"},   {"DR", "NE"},   {"DT", "TN"},   {"DX", "TG"},   {"EB", "BE"},   {"ED", "DE"},
    {"EE", "EE"},   {"EF", "FI"},   {"EG", "GB"},   {"EH", "NL"},   {"EI", "IE"},   {"EK", "DK"},
    {"EKVG", "FO"}, {"EL", "LU"},   {"EN", "NO"},   {"EP", "PL"},   {"ES", "SE"},   {"ET", "DE"},
    {"EV", "LV"},   {"EY", "LT"},   {"FA", "ZA"},   {"FB", "BW"},   {"FC", "CG"},   {"FD", "SZ"},
    {"FE", "CF"},   {"FG", "GQ"},   {"FH", "SH"},   {"FI", "MU"},   {"FJ", "IO"},   {"FK", "CM"},
    {"FL", "ZM"},   {"FM", "MG"},   {"FMC", "KM"},  {"FMCZ", "YT"}, {"FME", "RE"},  {"FN", "AO"},
    {"FO", "GA"},   {"FP", "ST"},   {"FQ", "MZ"},   {"FS", "SC"},   {"FT", "TD"},   {"FV", "ZW"},
    {"FW", "MW"},   {"FX", "LS"},   {"FY", "NA"},   {"FZ", "CD"},   {"GA", "ML"},   {"GB", "GM"},
    {"GC", "ES"},   {"GE", "ES"},   {"GF", "SL"},   {"GG", "GW"},   {"GL", "LR"},   {"GM", "MA"},
    {"GO", "SN"},   {"GQ", "MR"},   {"GS", "EH"},   {"GU", "GN"},   {"GV", "CV"},   {"HA", "ET"},
    {"HB", "BI"},   {"HC", "SO"},   {"HD", "DJ"},   {"HE", "EG"},   {"HH", "ER"},   {"HJ", "SS"},
    {"HK", "KE"},   {"HL", "LY"},   {"HR", "RW"},   {"HS", "SD"},   {"HT", "TZ"},   {"HU", "UG"},
    {"K", "US"},    {"LA", "AL"},   {"LB", "BG"},   {"LC", "CY"},   {"LD", "HR"},   {"LE", "ES"},
    {"LF", "FR"},   {"LG", "GR"},   {"LH", "HU"},   {"LI", "IT"},   {"LJ", "SI"},   {"LK", "CZ"},
    {"LL", "IL"},   {"LM", "MT"},   {"LN", "MC"},   {"LO", "AT"},   {"LP", "PT"},   {"LQ", "BA"},
    {"LR", "RO"},   {"LS", "CH"},   {"LT", "TR"},   {"LU", "MD"},   {"LV", "PS"},   {"LW", "MK"},
    {"LX", "GI"},   {"LY", "RS"},   {"LYPG", "ME"}, {"LYTV", "ME"}, {"LZ", "SK"},   {"MB", "TC"},
    {"MD", "DO"},   {"MG", "GT"},   {"MH", "HN"},   {"MK", "JM"},   {"MM", "MX"},   {"MN", "NI"},
    {"MP", "PA"},   {"MR", "CR"},   {"MS", "SV"},   {"MT", "HT"},   {"MU", "CU"},   {"MW", "KY"},
    {"MY", "BS"},   {"MZ", "BZ"},   {"NC", "CK"},   {"NF", "FJ"},   {"NFT", "TO"},  {"NG", "KI"},
    {"NGF", "TV"},  {"NI", "NU"},   {"NL", "WF"},   {"NS", "WS"},   {"NST", "AS"},  {"NT", "PF"},
    {"NV", "VU"},   {"NW", "NC"},   {"NZ", "NZ"},   {"OA", "AF"},   {"OB", "BH"},   {"OE", "SA"},
    {"OI", "IR"},   {"OJ", "JO"},   {"OK", "KW"},   {"OL", "LB"},   {"OM", "AE"},   {"OO", "OM"},
    {"OP", "PK"},   {"OR", "IQ"},   {"OS", "SY"},   {"OT", "QA"},   {"OY", "YE"},   {"PA", "US"},
    {"PB", "UM"},   {"PC", "KI"},   {"PF", "US"},   {"PG", "GU"},   {"PGSN", "MP"}, {"PH", "US"},
    {"PJ", "UM"},   {"PK", "MH"},   {"PL", "KI"},   {"PM", "UM"},   {"PO", "US"},   {"PP", "US"},
    {"PT", "FM"},   {"PTRO", "PW"}, {"PW", "UM"},   {"RC", "TW"},   {"RJ", "JP"},   {"RK", "KR"},
    {"RO", "JP"},   {"RP", "PH"},   {"SA", "AR"},   {"SB", "BR"},   {"SC", "CL"},   {"SD", "BR"},
    {"SE", "EC"},   {"SF", "FK"},   {"SG", "PY"},   {"SI", "BR"},   {"SJ", "BR"},   {"SK", "CO"},
    {"SL", "BO"},   {"SM", "SR"},   {"SN", "BR"},   {"SO", "GF"},   {"SP", "PE"},   {"SS", "BR"},
    {"SU", "UY"},   {"SV", "VE"},   {"SW", "BR"},   {"SY", "GY"},   {"TA", "AG"},   {"TB", "BB"},
    {"TD", "DM"},   {"TF", "GP"},   {"TFFF", "MQ"}, {"TFFJ", "BL"}, {"TFFG", "MF"}, {"TG", "GD"},
    {"TI", "VI"},   {"TJ", "PR"},   {"TK", "KN"},   {"TL", "LC"},   {"TN", "BQ"},   {"TNCA", "AW"},
    {"TNCC", "CW"}, {"TNCM", "SX"}, {"TQ", "AI"},   {"TR", "MS"},   {"TT", "TT"},   {"TU", "VG"},
    {"TV", "VC"},   {"TX", "BM"},   {"U", "RU"},    {"UA", "KZ"},   {"UB", "AZ"},   {"UC", "KG"},
    {"UD", "AM"},   {"UG", "GE"},   {"UK", "UA"},   {"UM", "BY"},   {"UMK", "RU"},  {"UT", "UZ"},
    {"UTA", "TM"},  {"UTD", "TJ"},  {"VA", "IN"},   {"VC", "LK"},   {"VD", "KH"},   {"VE", "IN"},
    {"VG", "BD"},   {"VH", "HK"},   {"VI", "IN"},   {"VL", "LA"},   {"VM", "MO"},   {"VN", "NP"},
    {"VO", "IN"},   {"VQ", "BT"},   {"VR", "MV"},   {"VT", "TH"},   {"VV", "VN"},   {"VY", "MM"},
    {"WA", "ID"},   {"WB", "MY"},   {"WBSB", "BN"}, {"WI", "ID"},   {"WM", "MY"},   {"WP", "TL"},
    {"WQ", "ID"},   {"WR", "ID"},   {"WS", "SG"},   {"Y", "AU"},    {"Z", "CN"},    {"ZK", "KP"},
    {"ZM", "MN"},
};

}  // namespace

std::string country_of_icao_ident(std::string_view ident) {
    const bool icao = ident.size() == 4 &&
                      std::all_of(ident.begin(), ident.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!icao) return {};
    std::string_view best_iso;
    std::size_t best_len = 0;
    for (const Prefix& p : PREFIXES)
        if (p.letters.size() > best_len && ident.starts_with(p.letters)) {
            best_iso = p.iso;
            best_len = p.letters.size();
        }
    return std::string(best_iso);
}

}  // namespace reckon::adsb
