// Reading SigMF metadata (sigmf.hpp) with nlohmann-json: the few keys reckon uses, each checked
// for its type, and an error that names the file and the key when one is wrong.
#include "reckon/adsb/sigmf.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reckon/adsb/archives.hpp"
#include "reckon/core/error.hpp"

namespace reckon::adsb {
namespace {

constexpr std::string_view META_EXT = ".sigmf-meta";
constexpr std::string_view DATA_EXT = ".sigmf-data";
// A metadata file is a few kilobytes; anything this big is not one.
constexpr std::uintmax_t MAX_META_BYTES = 64u << 20;

[[noreturn]] void bad_key(const std::string& path, std::string_view key, std::string_view problem) {
    throw InputError({path}, fmt::format("SigMF key {} {}", key, problem),
                     "fix the .sigmf-meta file (sigmf.org, core namespace), or move it away and give "
                     "--format, --sample-rate and --start-time");
}

std::string describe(const nlohmann::json& j) {
    std::string s = j.dump();
    constexpr std::size_t QUOTE = 60;
    if (s.size() > QUOTE) {
        s = s.substr(0, QUOTE) + "...";
    }
    return s;
}

}  // namespace

SigmfMeta parse_sigmf_meta(std::string_view text, const std::string& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        std::uint64_t byte = 0;
        if (const auto* pe = dynamic_cast<const nlohmann::json::parse_error*>(&e)) {
            byte = pe->byte;
        }
        throw InputError(Location{path, {}, {}, byte},
                         fmt::format("not SigMF metadata: not JSON ({})", e.what()),
                         "a .sigmf-meta file is a JSON object with \"global\", \"captures\" and "
                         "\"annotations\"; fix it or move it away");
    }
    if (!j.is_object()) {
        bad_key(path, "(the top level)", "must be a JSON object");
    }
    const auto global = j.find("global");
    if (global == j.end() || !global->is_object()) {
        bad_key(path, "global", global == j.end() ? "is missing" : "must be an object");
    }
    SigmfMeta m;
    m.path = path;
    const auto datatype = global->find("core:datatype");
    if (datatype == global->end()) {
        bad_key(path, "global.core:datatype", "is missing (it says how the samples are stored, e.g. cu8)");
    }
    if (!datatype->is_string()) {
        bad_key(path, "global.core:datatype", "must be a string such as \"cu8\", not " + describe(*datatype));
    }
    m.datatype = datatype->get<std::string>();
    if (const auto rate = global->find("core:sample_rate"); rate != global->end()) {
        const double r = rate->is_number() ? rate->get<double>() : -1.0;
        if (!std::isfinite(r) || r <= 0) {
            bad_key(path, "global.core:sample_rate",
                    "must be a positive number of samples per second, not " + describe(*rate));
        }
        m.sample_rate_hz = r;
    }
    if (const auto channels = global->find("core:num_channels"); channels != global->end()) {
        if (!channels->is_number_unsigned() || channels->get<std::uint64_t>() != 1) {
            bad_key(path, "global.core:num_channels",
                    "is " + describe(*channels) + "; reckon reads single-channel recordings only");
        }
    }
    if (const auto captures = j.find("captures"); captures != j.end()) {
        if (!captures->is_array()) {
            bad_key(path, "captures", "must be an array, not " + describe(*captures));
        }
        if (!captures->empty()) {
            const auto& first = (*captures)[0];
            if (!first.is_object()) {
                bad_key(path, "captures[0]", "must be an object, not " + describe(first));
            }
            if (const auto dt = first.find("core:datetime"); dt != first.end()) {
                const auto t = dt->is_string() ? parse_time_text(dt->get<std::string>()) : std::nullopt;
                if (!t || *t < REAL_TIME_MIN_S) {
                    bad_key(path, "captures[0].core:datetime",
                            "must be an ISO 8601 UTC time after 1973 such as \"2024-07-11T06:40:00Z\", not " +
                                describe(*dt));
                }
                m.start_s = t;
            }
        }
    }
    return m;
}

std::optional<std::string> sigmf_meta_path(const std::string& data_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path meta(data_path);
    meta.replace_extension(META_EXT);
    if (fs::is_regular_file(meta, ec)) {
        return meta.string();
    }
    const std::string appended = data_path + std::string(META_EXT);
    if (fs::is_regular_file(appended, ec)) {
        return appended;
    }
    return std::nullopt;
}

std::string sigmf_data_path(const std::string& meta_path) {
    namespace fs = std::filesystem;
    fs::path data(meta_path);
    data.replace_extension(DATA_EXT);
    std::error_code ec;
    if (!fs::is_regular_file(data, ec)) {
        throw InputError({meta_path},
                         "SigMF metadata without its samples: " + data.string() + " does not exist",
                         "give the .sigmf-data file, or put it beside the .sigmf-meta file");
    }
    return data.string();
}

std::optional<SigmfMeta> read_sigmf_meta(const std::string& data_path) {
    const auto meta = sigmf_meta_path(data_path);
    if (!meta) {
        return std::nullopt;
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(*meta, ec);
    if (ec || size > MAX_META_BYTES) {
        throw InputError({*meta}, ec ? "cannot read: " + ec.message() : "too big to be SigMF metadata",
                         "check the .sigmf-meta file");
    }
    std::ifstream in(*meta, std::ios::binary);
    if (!in) {
        throw InputError({*meta}, "cannot open", "check that the file is readable");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_sigmf_meta(ss.str(), *meta);
}

SampleFormat sigmf_sample_format(const SigmfMeta& meta) {
    const std::string& t = meta.datatype;
    if (t == "cu8") {
        return SampleFormat::U8;
    }
    if (t == "ci8") {
        return SampleFormat::S8;
    }
    if (t == "ci16_le" || t == "ci16") {
        return SampleFormat::S16;
    }
    if (t == "cf32_le" || t == "cf32") {
        return SampleFormat::F32;
    }
    std::string why = "is not a sample type reckon reads";
    if (t.starts_with("r")) {
        why = "is real-valued; Mode S needs complex (I/Q) samples";
    } else if (t.ends_with("_be")) {
        why = "is big-endian; reckon reads little-endian samples";
    }
    throw InputError({meta.path}, fmt::format("SigMF key global.core:datatype \"{}\" {}", t, why),
                     "reckon reads cu8, ci8, ci16_le and cf32_le: convert the samples to one of them "
                     "and correct core:datatype");
}

}  // namespace reckon::adsb
