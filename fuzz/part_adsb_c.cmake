# libFuzzer targets of adsb part C: the watchlist parser, and the airports, aircraft,
# operators and trajectory-JSON readers.
#   build-fuzz/fuzz/fuzz_adsb_watchlist -max_total_time=300
foreach(t IN ITEMS adsb_watchlist adsb_tables)
  add_executable(fuzz_${t} ${CMAKE_CURRENT_LIST_DIR}/${t}_fuzz.cpp)
  target_link_libraries(fuzz_${t} PRIVATE reckon::adsb)
  target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzz fuzz_${t})
endforeach()
