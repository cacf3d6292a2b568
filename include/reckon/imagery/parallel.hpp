// Row-band parallelism for whole-image passes: the rows are cut into fixed bands of
// ROW_BAND_ROWS, independent of the number of threads, so a pass gives the same result on any
// machine, and the bands are shared among up to std::thread::hardware_concurrency() threads.
#pragma once

#include <functional>

namespace reckon::imagery {

// Rows per band: large enough that a band's set-up (a sliding window's first rows) is cheap
// beside its work, small enough that two cores finish close together.
constexpr int ROW_BAND_ROWS = 256;

// Calls work(first_row, end_row) once for each band [first_row, end_row) of 0..height, from
// several threads at once; returns when all are done. `work` must only write to rows of its
// own band (or to state it guards). The first exception a band throws is rethrown here.
void for_each_row_band(int height, const std::function<void(int first_row, int end_row)>& work);

}  // namespace reckon::imagery
