// One file through the reader and the claim extractor.
#include "reckon/text/extract.hpp"

#include "reckon/text/claims.hpp"
#include "reckon/text/document.hpp"

namespace reckon::text {

ExtractedDocument extract_file(const std::filesystem::path& path, const Gazetteer& gazetteer,
                               std::optional<core::Date> published, const core::ProgressFn& progress) {
    DocumentReader reader(path);
    ExtractedDocument out;
    ExtractOptions options;
    options.published = published ? published : reader.info().published;
    options.gazetteer = &gazetteer;
    options.document = path.string();
    ClaimExtractor extractor(options);
    out.cancelled = !reader.read(
        [&](const TextBlock& block) { extractor.add_paragraph(block.text, block.offset, out.claims, out.events); },
        progress);
    out.info = reader.info();
    if (published) out.info.published = published;  // the user knows better than the meta tags
    out.warnings = reader.warnings();
    return out;
}

}  // namespace reckon::text
