// Inputs the text benchmarks share, read from ../shared at first use: the seed article
// (body only, teaser list cut) repeated to a size — ordinary news — and the Input of every
// English Recognizers-Text spec, one per line — text dense with figures and dates, the
// same sentences bench/corpus.sh repeats for the whole-command benchmark.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace reckon::bench {

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The seed article's body repeated to at least `bytes`.
inline std::string news_text(std::size_t bytes) {
    std::string article = read_file(std::filesystem::path(RECKON_SHARED_DIR) / "seed" / "article.txt");
    article = article.substr(0, article.find("\n-\n"));
    std::string all;
    while (!article.empty() && all.size() < bytes) all += article + "\n";
    return all;
}

// Every Input of the English spec files whose path contains `filter` (all when empty),
// one per line, files in name order.
inline std::string spec_inputs(std::string_view filter = {}) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    const fs::path root = fs::path(RECKON_SHARED_DIR) / "data" / "recognizers-text";
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string path = it->path().string();
        if (it->path().extension() == ".json" && path.find("English") != std::string::npos &&
            path.find(filter) != std::string::npos)
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    std::string all;
    for (const auto& f : files) {
        std::string raw = read_file(f);
        if (raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
        auto cases = nlohmann::json::parse(raw, nullptr, false);
        if (!cases.is_array()) continue;
        for (const auto& c : cases) {
            if (!c.contains("Input") || !c["Input"].is_string()) continue;
            std::string input = c["Input"].get<std::string>();
            std::replace(input.begin(), input.end(), '\n', ' ');
            std::replace(input.begin(), input.end(), '\r', ' ');
            all += input + "\n";
        }
    }
    return all;
}

// Calls fn(line) for each line of `text`.
template <typename Fn>
void for_each_line(std::string_view text, Fn&& fn) {
    for (std::size_t p = 0; p < text.size();) {
        std::size_t q = std::min(text.find('\n', p), text.size());
        fn(text.substr(p, q - p));
        p = q + 1;
    }
}

// Runs `fn(line)` over every line of `text` in each iteration and reports bytes per second.
template <typename Fn>
void run_per_line(benchmark::State& state, std::string_view text, Fn&& fn) {
    for (auto _ : state) {
        std::size_t found = 0;
        for_each_line(text, [&](std::string_view line) { found += fn(line); });
        benchmark::DoNotOptimize(found);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

}  // namespace reckon::bench
