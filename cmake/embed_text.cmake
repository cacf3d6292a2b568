# Writes a C++ source that carries text files in the binary, so reckon needs no data folder
# at run time. One mechanism for every embedded text (the store's SQL migrations, the
# built-in gazetteer):
#   cmake -DOUT=x.cpp -DFILES="a;b" -DNAMESPACE=reckon::store::detail -DNAME=SCHEMA_MIGRATIONS
#         -DFORM=versioned -DFROM=src/store/schema -P cmake/embed_text.cmake
# FORM=versioned: `std::vector<std::pair<int, std::string_view>> NAME`, one entry per file,
#   the int being the number that starts its name (NNN_name.sql), in the order given.
# FORM=single: `std::string_view NAME`, the text of the one file given.
# The text goes in as a raw string literal; a file holding its delimiter is refused.
separate_arguments(files UNIX_COMMAND "${FILES}")
set(delimiter "reckon_text")
if(NOT FORM)
  set(FORM versioned)
endif()

function(literal var file)
  file(READ "${file}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains ')${delimiter}\"', which would end the embedded string early")
  endif()
  set(${var} "R\"${delimiter}(${text})${delimiter}\"" PARENT_SCOPE)
endfunction()

set(body "// Generated from ${FROM} by cmake/embed_text.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\n#include <utility>\n#include <vector>\n")
string(APPEND body "namespace ${NAMESPACE} {\n")
if(FORM STREQUAL "versioned")
  string(APPEND body "extern const std::vector<std::pair<int, std::string_view>> ${NAME} = {\n")
  foreach(f IN LISTS files)
    get_filename_component(name "${f}" NAME)
    string(REGEX MATCH "^([0-9]+)_" _ "${name}")
    math(EXPR version "${CMAKE_MATCH_1}")
    literal(text "${f}")
    string(APPEND body "  {${version}, ${text}},\n")
  endforeach()
  string(APPEND body "};\n")
elseif(FORM STREQUAL "single")
  list(LENGTH files n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "FORM=single embeds one file; got ${n}: ${files}")
  endif()
  literal(text "${files}")
  string(APPEND body "extern const std::string_view ${NAME} = ${text};\n")
else()
  message(FATAL_ERROR "FORM must be versioned or single, not '${FORM}'")
endif()
string(APPEND body "}  // namespace ${NAMESPACE}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(RENAME "${OUT}.tmp" "${OUT}")
