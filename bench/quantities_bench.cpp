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

void BM_find_quantities_dense(benchmark::State& state) {
    static const std::string text = reckon::bench::spec_inputs();
    for (auto _ : state) {
        std::size_t found = 0;
        reckon::bench::for_each_line(text, [&](std::string_view line) {
            found += reckon::text::find_quantities(line).size();
        });
        benchmark::DoNotOptimize(found);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_find_quantities_dense);

// News text one line at a time, as the extractor calls it per sentence.
void BM_find_quantities_news_lines(benchmark::State& state) {
    static const std::string text = reckon::bench::news_text(1u << 20);
    for (auto _ : state) {
        std::size_t found = 0;
        reckon::bench::for_each_line(text, [&](std::string_view line) {
            found += reckon::text::find_quantities(line).size();
        });
        benchmark::DoNotOptimize(found);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_find_quantities_news_lines);

}  // namespace
