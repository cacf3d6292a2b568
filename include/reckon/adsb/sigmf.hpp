// SigMF metadata (the Signal Metadata Format, sigmf.org): the JSON file `BASE.sigmf-meta` that
// describes the samples in `BASE.sigmf-data`. reckon reads what it needs to demodulate and date a
// recording: global core:datatype (the sample format), core:sample_rate, core:num_channels, and
// the first capture's core:datetime (the time of its first sample). Malformed metadata is an
// InputError naming the file and the key, never a silent default.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reckon/adsb/iq.hpp"

namespace reckon::adsb {

struct SigmfMeta {
    std::string path;                      // the .sigmf-meta file
    std::string datatype;                  // core:datatype, e.g. "cu8", "ci8", "ci16_le", "cf32_le"
    std::optional<double> sample_rate_hz;  // core:sample_rate
    std::optional<double> start_s;         // captures[0] core:datetime, Unix seconds
};

// Parses the text of a .sigmf-meta file named `path`. Throws InputError naming `path` (and the
// byte, for JSON syntax) when the text is not JSON, has no "global" object, no string
// core:datatype, a core:sample_rate that is not a positive finite number, core:num_channels other
// than 1, "captures" that is not an array of objects, or a captures[0] core:datetime that is not
// an ISO 8601 time after 1973.
SigmfMeta parse_sigmf_meta(std::string_view text, const std::string& path);

// The metadata file of the recording `data_path`: BASE.sigmf-meta for BASE.sigmf-data or
// BASE.ext, else DATA_PATH.sigmf-meta; nullopt when none exists.
std::optional<std::string> sigmf_meta_path(const std::string& data_path);

// The data file of the metadata `meta_path` (BASE.sigmf-meta → BASE.sigmf-data); throws
// InputError when it does not exist.
std::string sigmf_data_path(const std::string& meta_path);

// The metadata of the recording `data_path`, read and checked; nullopt when there is none.
std::optional<SigmfMeta> read_sigmf_meta(const std::string& data_path);

// The sample format core:datatype names: cu8, ci8, ci16_le (or ci16), cf32_le (or cf32). Throws
// InputError naming meta.path and the key for any other type (real, big-endian, 32-bit integer,
// 64-bit float), with what to do.
SampleFormat sigmf_sample_format(const SigmfMeta& meta);

}  // namespace reckon::adsb
