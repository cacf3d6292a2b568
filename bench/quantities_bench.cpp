// Throughput of find_quantities (text/quantities.hpp) on news text and on text dense with
// figures. The extractor's 25 MB/s-per-core budget leaves this recognizer ~100 MB/s on
// dense text.
#include <benchmark/benchmark.h>

#include "bench_inputs.hpp"
#include "reckon/text/quantities.hpp"

namespace {

void BM_find_quantities_news(benchmark::State& state) {
    static const std::string text = reckon::bench::news_text(1u << 20);
    for (auto _ : state) {
        auto q = reckon::text::find_quantities(text);
        benchmark::DoNotOptimize(q.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_find_quantities_news);

std::size_t quantities_in(std::string_view line) { return reckon::text::find_quantities(line).size(); }

void BM_find_quantities_dense(benchmark::State& state) {
    static const std::string text = reckon::bench::spec_inputs();
    reckon::bench::run_per_line(state, text, quantities_in);
}
BENCHMARK(BM_find_quantities_dense);

// News text one line at a time, as the extractor calls it per sentence.
void BM_find_quantities_news_lines(benchmark::State& state) {
    static const std::string text = reckon::bench::news_text(1u << 20);
    reckon::bench::run_per_line(state, text, quantities_in);
}
BENCHMARK(BM_find_quantities_news_lines);

}  // namespace
