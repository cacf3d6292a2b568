// Collecting files and ingesting them into the store; see sources.hpp.
#include "reckon/evidence/sources.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <new>
#include <system_error>

#include "reckon/core/error.hpp"
#include "reckon/text/document.hpp"
#include "reckon/text/extract.hpp"

namespace fs = std::filesystem;

namespace reckon::evidence {
namespace {

void tell(const Reporting& r, const std::string& line) {
    if (r.note) r.note(line);
}

}  // namespace

std::vector<fs::path> collect_files(const std::vector<fs::path>& inputs, const Reporting& reporting,
                                    std::size_t& problems) {
    std::vector<fs::path> files;
    auto skipped = [&](const std::string& what) {
        tell(reporting, "skipped: " + what);
        ++problems;
    };
    for (const auto& input : inputs) {
        std::error_code ec;
        const fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) {
            skipped(fmt::format("{}: no such file or folder", input.string()));
            continue;
        }
        if (!fs::is_directory(st)) {
            files.push_back(input);
            continue;
        }
        std::vector<fs::path> found;
        fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            skipped(fmt::format("{}: cannot read folder ({})", input.string(), ec.message()));
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                skipped(fmt::format("{}: {}", it->path().string(), ec.message()));
                break;
            }
            const auto name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) {
                found.push_back(it->path());
            } else if (!it->is_directory(ec)) {
                // Pipes, devices, sockets and dangling links: say so, never open them.
                try {
                    text::require_regular_file(it->path());
                } catch (const InputError& e) {
                    skipped(e.what());
                }
            }
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

IngestTally ingest_files(store::Store& store, const std::vector<fs::path>& files,
                         const text::Gazetteer& gazetteer, const std::optional<core::Date>& published,
                         const Reporting& reporting) {
    IngestTally tally;
    for (std::size_t i = 0; i < files.size() && !tally.cancelled; ++i) {
        const std::string name = files[i].string();
        auto progress = [&](double f, std::string_view) {
            const bool go_on = core::report_progress(
                reporting.progress, (static_cast<double>(i) + f) / static_cast<double>(files.size()), name);
            tally.cancelled = tally.cancelled || !go_on;
            return go_on;
        };
        try {
            text::require_regular_file(files[i]);
            if (store.has_document(text::sha256_file(files[i]))) {
                ++tally.unchanged;
                continue;
            }
            auto doc = text::extract_file(files[i], gazetteer, published, progress);
            if (tally.cancelled) break;
            for (const auto& w : doc.warnings) tell(reporting, "warning: " + w);
            const auto result = store.ingest(doc.info, doc.claims, doc.events, progress);
            if (result.cancelled) break;
            if (result.already_present) {
                ++tally.unchanged;
            } else {
                ++tally.stored;
                tally.claims += result.claims;
                tally.events += result.events;
            }
        } catch (const InputError& e) {
            tell(reporting, std::string("skipped: ") + e.what());
            ++tally.problems;
        } catch (const std::bad_alloc&) {
            // One document too big for this machine's memory must not cost the rest of the folder.
            tell(reporting, "skipped: " + name + ": not enough memory to read it");
            ++tally.problems;
        }
    }
    return tally;
}

}  // namespace reckon::evidence
