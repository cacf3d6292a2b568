# libFuzzer targets of adsb part A: the five input readers and the message decoder.
#   build-fuzz/fuzz/fuzz_adsb_avr -max_total_time=300
foreach(t IN ITEMS adsb_avr adsb_beast adsb_sbs adsb_opensky adsb_tshex adsb_decode)
  add_executable(fuzz_${t} ${CMAKE_CURRENT_LIST_DIR}/${t}_fuzz.cpp)
  target_link_libraries(fuzz_${t} PRIVATE reckon::adsb)
  target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzz fuzz_${t})
endforeach()
