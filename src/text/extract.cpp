// One file through the reader and the claim extractor.
#include "reckon/text/extract.hpp"

#include <string>

#include "reckon/core/error.hpp"
#include "reckon/text/claims.hpp"
#include "reckon/text/document.hpp"

namespace reckon::text {

void require_regular_file(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || st.type() == fs::file_type::not_found) {
        bool dangling = fs::is_symlink(fs::symlink_status(path, ec));
        throw InputError({path.string()}, dangling ? "a link to a file that does not exist" : "no such file",
                         "check the path");
    }
    if (st.type() == fs::file_type::directory)
        throw InputError({path.string()}, "is a folder", "use 'reckon ingest' to read a folder");
    if (st.type() != fs::file_type::regular)
        throw InputError({path.string()}, "not a regular file (a pipe, device or socket)",
                         "save the content to a file and pass that");
}

ExtractedDocument extract_file(const std::filesystem::path& path, const Gazetteer& gazetteer,
                               std::optional<core::Date> published, const core::ProgressFn& progress) {
    require_regular_file(path);
    DocumentReader reader(path);
    ExtractedDocument out;
    ExtractOptions options;
    options.published = published ? published : reader.info().published;
    options.gazetteer = &gazetteer;
    options.document = path.string();
    ClaimExtractor extractor(options);
    out.cancelled = !reader.read(
        [&](const TextBlock& block) {
            extractor.add_paragraph(block.text, block.offset, out.claims, out.events);
        },
        progress);
    out.info = reader.info();
    if (published) out.info.published = published;  // the user knows better than the meta tags
    out.warnings = reader.warnings();
    const DroppedByLimits& dropped = extractor.limits();
    const std::string& name = options.document;
    if (dropped.long_sentences > 0)
        out.warnings.push_back(name + ": " + std::to_string(dropped.long_sentences) +
                               " sentence(s) longer than " + std::to_string(MAX_SENTENCE_BYTES) +
                               " bytes were read in pieces");
    if (dropped.claims_over_sentence_limit > 0)
        out.warnings.push_back(name + ": " + std::to_string(dropped.claims_over_sentence_limit) +
                               " claims dropped: more than " + std::to_string(MAX_CLAIMS_PER_SENTENCE) +
                               " in one sentence");
    if (dropped.claims_over_document_limit > 0)
        out.warnings.push_back(name + ": " + std::to_string(dropped.claims_over_document_limit) +
                               " claims dropped: more than " + std::to_string(MAX_CLAIMS_PER_DOCUMENT) +
                               " in the document");
    if (dropped.events_over_document_limit > 0)
        out.warnings.push_back(name + ": " + std::to_string(dropped.events_over_document_limit) +
                               " events dropped: more than " + std::to_string(MAX_EVENTS_PER_DOCUMENT) +
                               " in the document");
    return out;
}

}  // namespace reckon::text
