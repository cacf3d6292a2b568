# Tests of part A: decoding, CPR, Comm-B, input formats, tracker.
reckon_test(reckon_adsb_a_tests
  ${CMAKE_CURRENT_LIST_DIR}/formats_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pymodes_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracker_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vectors_test.cpp
)
target_link_libraries(reckon_adsb_a_tests PRIVATE reckon::adsb nlohmann_json::nlohmann_json fmt::fmt)
