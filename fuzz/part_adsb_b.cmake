# libFuzzer target of adsb part B: the IQ reader and the demodulator on arbitrary bytes.
#   build-fuzz/fuzz/fuzz_adsb_iq -max_total_time=300
add_executable(fuzz_adsb_iq ${CMAKE_CURRENT_LIST_DIR}/adsb_iq_fuzz.cpp)
target_link_libraries(fuzz_adsb_iq PRIVATE reckon::adsb)
target_link_options(fuzz_adsb_iq PRIVATE -fsanitize=fuzzer)
add_dependencies(fuzz fuzz_adsb_iq)
