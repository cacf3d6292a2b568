// One file through the reader and the claim extractor.
#include "reckon/text/extract.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <tuple>

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
    // What a limit left out, said once per document: (count, message with {file} {count} {limit}).
    const std::array<std::tuple<std::size_t, std::size_t, const char*>, 4> limits = {{
        {dropped.long_sentences, MAX_SENTENCE_BYTES,
         "{}: {} sentence(s) longer than {} bytes were read in pieces"},
        {dropped.claims_over_sentence_limit, MAX_CLAIMS_PER_SENTENCE,
         "{}: {} claims dropped: more than {} in one sentence"},
        {dropped.claims_over_document_limit, MAX_CLAIMS_PER_DOCUMENT,
         "{}: {} claims dropped: more than {} in the document"},
        {dropped.events_over_document_limit, MAX_EVENTS_PER_DOCUMENT,
         "{}: {} events dropped: more than {} in the document"},
    }};
    for (const auto& [count, limit, message] : limits)
        if (count > 0)
            out.warnings.push_back(fmt::format(fmt::runtime(message), options.document, count, limit));
    return out;
}

}  // namespace reckon::text
