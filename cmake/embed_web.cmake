# Writes a C++ source defining reckon::report::app_js() and app_css() from the web bundle's two
# files (Contract 3), so the reckon binary carries the page it writes and serves.
#   cmake -DJS=build/web/app.js -DCSS=build/web/app.css -DOUT=build/generated/web_assets.cpp -P cmake/embed_web.cmake
# The bytes go in as a char array rather than string literals: exact whatever the bundle holds
# (no raw-string delimiter to collide with, no UTF-8 sequence cut by a chunk split), and GCC
# compiles a 350 KB array in under a second with ~75 MB.
function(byte_array var file)
  file(READ "${file}" hex HEX)
  if(hex STREQUAL "")
    message(FATAL_ERROR "${file} is empty: the web build did not produce it")
  endif()
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # 32 bytes a line keeps the generated file readable in an editor.
  string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
  set(${var} "${bytes}" PARENT_SCOPE)
endfunction()

byte_array(js "${JS}")
byte_array(css "${CSS}")
set(body "// Generated from the web bundle (web/, built by npm) by cmake/embed_web.cmake. Do not edit.\n")
string(APPEND body "#include \"reckon/report/assets.hpp\"\n\nnamespace reckon::report {\nnamespace {\n")
string(APPEND body "const char APP_JS[] = {\n${js}};\nconst char APP_CSS[] = {\n${css}};\n}  // namespace\n")
string(APPEND body "std::string_view app_js() { return {APP_JS, sizeof APP_JS}; }\n")
string(APPEND body "std::string_view app_css() { return {APP_CSS, sizeof APP_CSS}; }\n}  // namespace reckon::report\n")
file(WRITE "${OUT}.tmp" "${body}")
file(RENAME "${OUT}.tmp" "${OUT}")
