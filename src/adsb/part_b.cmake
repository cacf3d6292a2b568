# Part B of the adsb module: CRC-24, IQ sample reading, demodulation and modulation.
target_sources(reckon_adsb PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/crc.cpp
  ${CMAKE_CURRENT_LIST_DIR}/demod.cpp
  ${CMAKE_CURRENT_LIST_DIR}/iq.cpp
  ${CMAKE_CURRENT_LIST_DIR}/modulate.cpp
)
# The demodulator's pre-test loops are written to vectorise; -O2 (GCC 12) does not try.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/demod.cpp ${CMAKE_CURRENT_LIST_DIR}/iq.cpp
                            PROPERTIES COMPILE_OPTIONS -O3)
