# Tests of part B of the adsb module: CRC-24, IQ reading, demodulation, modulation.
reckon_test(reckon_adsb_b_tests
  ${CMAKE_CURRENT_LIST_DIR}/crc_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/demod_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/modulate_test.cpp
)
target_link_libraries(reckon_adsb_b_tests PRIVATE reckon::adsb)
