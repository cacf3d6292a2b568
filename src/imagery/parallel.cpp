// Row bands shared among threads; see parallel.hpp.
#include "reckon/imagery/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace reckon::imagery {

void for_each_row_band(int height, const std::function<void(int first_row, int end_row)>& work) {
    const int bands = (height + ROW_BAND_ROWS - 1) / ROW_BAND_ROWS;
    if (bands <= 0) return;
    const int threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, bands);
    std::atomic<int> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto run = [&] {
        for (int band = next++; band < bands; band = next++) {
            try {
                work(band * ROW_BAND_ROWS, std::min(height, (band + 1) * ROW_BAND_ROWS));
            } catch (...) {
                const std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
            }
        }
    };
    std::vector<std::jthread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(run);
    run();
    pool.clear();  // joins
    if (failure) std::rethrow_exception(failure);
}

}  // namespace reckon::imagery
