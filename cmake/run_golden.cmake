# Runs one command and compares what it printed and wrote with golden files; run by ctest
# through `cmake -P` (see reckon_add_golden_test in tests/CMakeLists.txt).
#
#   -DCMD=program            the command
#   -DARGS=a^^b^^c           its arguments, joined by ^^ (a CMake list cannot pass through -D)
#   -DWORKDIR=dir            where it runs (so paths in its output are relative to it)
#   -DSCRATCH=dir            emptied before the run; @TMP@ in ARGS stands for it, and the
#                            scratch path in the output is written back as @TMP@
#   -DGOLDEN=file            expected stdout
#   -DSTDERR=file            expected stderr; without it stderr must be empty
#   -DEXIT_CODE=n            expected exit code (default 0)
#   -DOUTPUTS=f^^g^^...      pairs: a file the command writes (under @TMP@) and its golden file
#
# What differs from run to run by design is written back as a placeholder before comparing:
# elapsed seconds ("(1.9 s of sampling)" → "(@SECONDS@ s of sampling)") and the view's stamp
# ("generated_at": "@NOW@"). Everything else must match byte for byte.
#
# A mismatch fails with a unified diff. With RECKON_UPDATE_GOLDEN=1 in the environment the
# golden files are rewritten from this run instead (the exit code is still checked).
cmake_minimum_required(VERSION 3.25)

foreach(required CMD WORKDIR SCRATCH GOLDEN)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_golden.cmake: -D${required}=... is required")
  endif()
endforeach()
if(NOT DEFINED EXIT_CODE)
  set(EXIT_CODE 0)
endif()

file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}")

set(args "")
if(DEFINED ARGS AND NOT ARGS STREQUAL "")
  string(REPLACE "@TMP@" "${SCRATCH}" ARGS "${ARGS}")
  string(REPLACE "^^" ";" args "${ARGS}")
endif()

execute_process(
  COMMAND "${CMD}" ${args}
  WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_FILE "${SCRATCH}/.stdout"
  ERROR_FILE "${SCRATCH}/.stderr"
  RESULT_VARIABLE exit_code)

string(REPLACE ";" " " shown_args "${args}")
set(failures 0)
set(update "$ENV{RECKON_UPDATE_GOLDEN}")

if(NOT exit_code STREQUAL EXIT_CODE)
  file(READ "${SCRATCH}/.stderr" err)
  message(SEND_ERROR "exit code ${exit_code}, expected ${EXIT_CODE}: ${CMD} ${shown_args}\nstderr:\n${err}")
  math(EXPR failures "${failures} + 1")
endif()

find_program(DIFF diff)

# Compares `actual` (the scratch path in it written back as @TMP@) with `golden`.
function(compare what actual golden)
  file(READ "${actual}" text)
  string(REPLACE "${SCRATCH}" "@TMP@" text "${text}")
  string(REGEX REPLACE "\\([0-9.]+ s of sampling\\)" "(@SECONDS@ s of sampling)" text "${text}")
  string(REGEX REPLACE "\"generated_at\": *\"[^\"]*\"" "\"generated_at\": \"@NOW@\"" text "${text}")
  file(WRITE "${actual}.normalized" "${text}")
  if(update STREQUAL "1")
    get_filename_component(golden_dir "${golden}" DIRECTORY)
    file(MAKE_DIRECTORY "${golden_dir}")
    file(WRITE "${golden}" "${text}")
    message(STATUS "updated ${golden}")
    return()
  endif()
  if(NOT EXISTS "${golden}")
    message(SEND_ERROR "${what}: no golden file ${golden} (RECKON_UPDATE_GOLDEN=1 makes it)")
    math(EXPR failures "${failures} + 1")
    set(failures ${failures} PARENT_SCOPE)
    return()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${golden}" "${actual}.normalized"
                  RESULT_VARIABLE differs)
  if(differs)
    if(DIFF)
      execute_process(COMMAND "${DIFF}" -u "${golden}" "${actual}.normalized" OUTPUT_VARIABLE shown)
    else()
      file(READ "${golden}" expected)
      set(shown "expected:\n${expected}\ngot:\n${text}")
    endif()
    message(SEND_ERROR "${what} differs from ${golden} (RECKON_UPDATE_GOLDEN=1 accepts the new output):\n"
                       "${shown}")
    math(EXPR failures "${failures} + 1")
    set(failures ${failures} PARENT_SCOPE)
  endif()
endfunction()

compare("stdout" "${SCRATCH}/.stdout" "${GOLDEN}")
if(DEFINED STDERR AND NOT STDERR STREQUAL "")
  compare("stderr" "${SCRATCH}/.stderr" "${STDERR}")
else()
  file(READ "${SCRATCH}/.stderr" err)
  if(NOT err STREQUAL "")
    message(SEND_ERROR "unexpected stderr (give the test a STDERR file if it is intended):\n${err}")
    math(EXPR failures "${failures} + 1")
  endif()
endif()

if(DEFINED OUTPUTS AND NOT OUTPUTS STREQUAL "")
  string(REPLACE "^^" ";" outputs "${OUTPUTS}")
  list(LENGTH outputs n)
  math(EXPR last "${n} - 1")
  foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET outputs ${i} produced)
    list(GET outputs ${j} golden)
    string(REPLACE "@TMP@" "${SCRATCH}" produced "${produced}")
    if(NOT EXISTS "${produced}")
      message(SEND_ERROR "the command did not write ${produced}")
      math(EXPR failures "${failures} + 1")
    else()
      compare("${produced}" "${produced}" "${golden}")
    endif()
  endforeach()
endif()

if(failures GREATER 0)
  message(FATAL_ERROR "golden test failed: ${CMD} ${shown_args}")
endif()
