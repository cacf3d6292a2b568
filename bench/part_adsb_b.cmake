# adsb part B: IQ demodulation kernels (Google Benchmark) and the driver bench/adsb.sh times
# against dump1090-mutability.
add_executable(reckon_bench_adsb_demod ${CMAKE_CURRENT_LIST_DIR}/adsb_demod_bench.cpp)
target_link_libraries(reckon_bench_adsb_demod PRIVATE reckon::adsb benchmark::benchmark benchmark::benchmark_main)
target_compile_definitions(reckon_bench_adsb_demod PRIVATE RECKON_SHARED_DIR="${RECKON_SHARED_DIR}")

add_executable(reckon_adsb_iq_count ${CMAKE_CURRENT_LIST_DIR}/adsb_iq_count.cpp)
target_link_libraries(reckon_adsb_iq_count PRIVATE reckon::adsb)
