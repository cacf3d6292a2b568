# adsb part A: AVR decoding throughput (parse + CRC + decode, + tracker, + JSON).
add_executable(reckon_bench_adsb_decode ${CMAKE_CURRENT_LIST_DIR}/adsb_decode_bench.cpp)
target_link_libraries(reckon_bench_adsb_decode PRIVATE reckon::adsb benchmark::benchmark benchmark::benchmark_main)
target_compile_definitions(reckon_bench_adsb_decode PRIVATE RECKON_SHARED_DIR="${RECKON_SHARED_DIR}")
