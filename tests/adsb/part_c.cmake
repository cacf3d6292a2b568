# Tests of part C of the adsb module: airports, aircraft table, flights, watchlist, GeoJSON,
# encoder and trajectory simulator, the simulated GLX flight end to end, and flight events in
# the store.
reckon_test(reckon_adsb_c_tests
  ${CMAKE_CURRENT_LIST_DIR}/aircraft_db_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/airports_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encoder_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flight_format_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flights_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/glx_flight_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/watchlist_test.cpp
)
target_link_libraries(reckon_adsb_c_tests PRIVATE reckon::adsb reckon::store)

# `reckon adsb flights` end to end: airports on the real trajectories, output files, store.
add_test(NAME adsb_flights_cli
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/flights_cli_test.sh $<TARGET_FILE:reckon> ${RECKON_SHARED_DIR})
set_tests_properties(adsb_flights_cli PROPERTIES TIMEOUT 300)
