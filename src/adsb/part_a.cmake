# Part A of the adsb module: message decoding, CPR, Comm-B, input formats and the tracker.
target_sources(reckon_adsb PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/altitude.cpp
  ${CMAKE_CURRENT_LIST_DIR}/avr.cpp
  ${CMAKE_CURRENT_LIST_DIR}/beast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/commb.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cpr.cpp
  ${CMAKE_CURRENT_LIST_DIR}/decode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/formats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/opensky.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sbs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/source.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tshex.cpp
)
