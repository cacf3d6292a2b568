// Gathering a programme's evidence from its files and an evidence store; see gather.hpp.
#include "reckon/evidence/gather.hpp"

#include <fmt/core.h>

#include "reckon/core/error.hpp"

namespace fs = std::filesystem;

namespace reckon::evidence {

fs::path programme_file(const fs::path& dir_or_file) {
    std::error_code ec;
    return fs::is_directory(dir_or_file, ec) ? dir_or_file / "programme.toml" : dir_or_file;
}

text::Gazetteer programme_gazetteer(const Programme& programme) {
    auto gazetteer = text::Gazetteer::builtin();
    if (programme.entities) gazetteer.load_file(*programme.entities);
    return gazetteer;
}

std::vector<std::pair<fs::path, std::optional<core::Date>>> programme_documents(const Programme& p,
                                                                                const Reporting& reporting) {
    std::vector<std::pair<fs::path, std::optional<core::Date>>> out;
    for (const auto& spec : p.documents) {
        std::error_code ec;
        if (!fs::exists(spec.path, ec)) {
            if (spec.optional) {
                if (reporting.note)
                    reporting.note(
                        fmt::format("note: {} is absent; going on without it", spec.path.string()));
                continue;
            }
            throw InputError({p.file.string()},
                             fmt::format("the document path {} does not exist", spec.path.string()),
                             "fix the path in [[evidence.documents]], or mark it optional = true");
        }
        std::size_t problems = 0;
        for (const auto& f : collect_files({spec.path}, reporting, problems))
            out.push_back({f, spec.published});
    }
    return out;
}

IngestTally ingest_programme_documents(const Programme& programme, store::Store& store,
                                       const Reporting& reporting) {
    const auto gazetteer = programme_gazetteer(programme);
    const auto documents = programme_documents(programme, reporting);
    IngestTally total;
    for (std::size_t i = 0; i < documents.size() && !total.cancelled; ++i) {
        Reporting one = reporting;
        // Progress over all the programme's documents, not over each one's own file list.
        if (reporting.progress)
            one.progress = [&](double f, std::string_view stage) {
                return reporting.progress(
                    (static_cast<double>(i) + f) / static_cast<double>(documents.size()), stage);
            };
        const auto& [file, published] = documents[i];
        const auto tally = ingest_files(store, {file}, gazetteer, published, one);
        total.stored += tally.stored, total.unchanged += tally.unchanged, total.claims += tally.claims;
        total.events += tally.events, total.problems += tally.problems, total.cancelled = tally.cancelled;
    }
    return total;
}

Evidence gather(const Programme& programme, const store::Store& store) {
    Evidence evidence = read_evidence(programme);
    evidence.documents = store.documents();
    for (const auto& d : evidence.documents) evidence.inputs.push_back({d.path, d.sha256});
    auto from_documents = claims_from_documents(store.claims(), evidence.documents, programme);
    evidence.claims.insert(evidence.claims.end(), std::make_move_iterator(from_documents.begin()),
                           std::make_move_iterator(from_documents.end()));
    evidence.flights = flights_from_events(store.events(), evidence.documents, evidence.notes);
    apply_reviews(evidence, store.reviews());
    classify(evidence, programme);
    return evidence;
}

}  // namespace reckon::evidence
