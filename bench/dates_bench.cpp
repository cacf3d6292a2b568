// Throughput of find_dates (text/dates.hpp) on news text and on text dense with dates,
// one call per line as the claim extractor calls it per sentence.
#include <benchmark/benchmark.h>

#include "bench_inputs.hpp"
#include "reckon/text/dates.hpp"

namespace {

const auto REFERENCE = reckon::core::make_date(2025, 7, 24);

void BM_find_dates_news(benchmark::State& state) {
    static const std::string text = reckon::bench::news_text(4u << 20);
    for (auto _ : state) {
        auto found = reckon::text::find_dates(text, REFERENCE);
        benchmark::DoNotOptimize(found.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_find_dates_news);

void BM_find_dates_dense(benchmark::State& state) {
    static const std::string text = reckon::bench::spec_inputs();
    reckon::bench::run_per_line(
        state, text, [](std::string_view line) { return reckon::text::find_dates(line, REFERENCE).size(); });
}
BENCHMARK(BM_find_dates_dense);

}  // namespace
