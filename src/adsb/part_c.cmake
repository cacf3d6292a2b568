# Part C of the adsb module: airports, the aircraft table, flights, the watchlist, GeoJSON,
# the message encoder and the trajectory simulator.
find_package(ZLIB REQUIRED)             # Debian zlib1g-dev: gzip aircraft tables and track exports
find_package(tomlplusplus REQUIRED)     # Debian libtomlplusplus-dev: the watchlist file
target_sources(reckon_adsb PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/aircraft_db.cpp
  ${CMAKE_CURRENT_LIST_DIR}/airports.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_rows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/encoder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flight_format.cpp
  ${CMAKE_CURRENT_LIST_DIR}/flights.cpp
  ${CMAKE_CURRENT_LIST_DIR}/geojson.cpp
  ${CMAKE_CURRENT_LIST_DIR}/great_circle.cpp
  ${CMAKE_CURRENT_LIST_DIR}/icao_countries.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trajectory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/trajectory_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/watchlist.cpp
)
target_link_libraries(reckon_adsb PRIVATE ZLIB::ZLIB tomlplusplus::tomlplusplus nlohmann_json::nlohmann_json)
