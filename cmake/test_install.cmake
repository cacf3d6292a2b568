# The install test (tests/CMakeLists.txt): installs the build into a fresh prefix, then checks
# that bin/reckon runs from there and that every man page is installed and renders cleanly.
#   cmake -DBUILD_DIR=build -DPREFIX=dir -DMAN_PAGES=reckon.1,reckon-extract.1 -P test_install.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE failed OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(failed)
  message(FATAL_ERROR "cmake --install failed:\n${out}${err}")
endif()

set(reckon "${PREFIX}/bin/reckon")
if(NOT EXISTS "${reckon}")
  message(FATAL_ERROR "${reckon} was not installed")
endif()
execute_process(COMMAND "${reckon}" --version RESULT_VARIABLE failed OUTPUT_VARIABLE version)
if(failed OR NOT version MATCHES "^reckon ")
  message(FATAL_ERROR "the installed reckon --version printed '${version}' (exit ${failed})")
endif()

find_program(MAN man)
find_program(GROFF groff)
string(REPLACE "," ";" MAN_PAGES "${MAN_PAGES}")
foreach(page IN LISTS MAN_PAGES)
  set(installed "${PREFIX}/share/man/man1/${page}")
  if(NOT EXISTS "${installed}")
    message(FATAL_ERROR "${installed} was not installed")
  endif()
  # man -l renders the file as a user would see it; groff -ww lists every formatting warning.
  if(MAN)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env MANWIDTH=80 MAN_KEEP_FORMATTING=0 "${MAN}" -l "${installed}"
                    RESULT_VARIABLE failed OUTPUT_VARIABLE shown ERROR_VARIABLE err)
  else()
    execute_process(COMMAND "${GROFF}" -man -Tutf8 "${installed}"
                    RESULT_VARIABLE failed OUTPUT_VARIABLE shown ERROR_VARIABLE err)
  endif()
  if(failed OR NOT err STREQUAL "")
    message(FATAL_ERROR "${page} does not render (exit ${failed}): ${err}")
  endif()
  # Bold and underline come as overstrikes (X backspace X) when not on a terminal.
  string(ASCII 8 backspace)
  string(REGEX REPLACE "[^\n]${backspace}" "" shown "${shown}")
  foreach(section NAME SYNOPSIS DESCRIPTION)
    if(NOT shown MATCHES "\n${section}\n")
      message(FATAL_ERROR "${page} rendered without a ${section} section:\n${shown}")
    endif()
  endforeach()
  if(GROFF)
    execute_process(COMMAND "${GROFF}" -man -Tutf8 -ww -z "${installed}" ERROR_VARIABLE warnings)
    if(NOT warnings STREQUAL "")
      message(FATAL_ERROR "${page}: groff warns:\n${warnings}")
    endif()
  endif()
  message(STATUS "${page}: installed and renders")
endforeach()
