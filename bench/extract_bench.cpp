// Throughput of the whole claim extractor (text/claims.hpp: sentences, quantities, dates,
// entities, attribution, assembly) on paragraphs in memory, without file reading or
// output — the part of `reckon extract` that bench/extract.sh cannot separate.
#include <benchmark/benchmark.h>

#include "bench_inputs.hpp"
#include "reckon/text/claims.hpp"

namespace {

void run_extractor(benchmark::State& state, const std::string& text) {
    static const auto gazetteer = reckon::text::Gazetteer::builtin();
    std::size_t claims_found = 0;
    for (auto _ : state) {
        reckon::text::ExtractOptions options;
        options.gazetteer = &gazetteer;
        options.published = reckon::core::make_date(2025, 7, 24);
        reckon::text::ClaimExtractor extractor(options);
        std::vector<reckon::core::Claim> claims;
        std::vector<reckon::core::Event> events;
        std::uint64_t offset = 0;
        reckon::bench::for_each_line(text, [&](std::string_view line) {
            extractor.add_paragraph(line, offset, claims, events);
            offset += line.size() + 1;
        });
        claims_found = claims.size();
        benchmark::DoNotOptimize(claims.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
    state.counters["claims"] = static_cast<double>(claims_found);
}

void BM_extract_news(benchmark::State& state) {
    static const std::string text = reckon::bench::news_text(1u << 20);
    run_extractor(state, text);
}
BENCHMARK(BM_extract_news);

void BM_extract_dense(benchmark::State& state) {
    static const std::string text = reckon::bench::spec_inputs();
    run_extractor(state, text);
}
BENCHMARK(BM_extract_dense);

}  // namespace
