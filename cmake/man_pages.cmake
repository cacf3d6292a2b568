# Builds the man pages from docs/cli.md with pandoc: reckon.1 from the whole page, and one
# reckon-COMMAND.1 per "## reckon COMMAND ..." section. Run at build time by man/CMakeLists.txt:
#   cmake -DPANDOC=pandoc -DCLI_MD=docs/cli.md -DOUT_DIR=dir -DVERSION=x.y.z -DCOMMANDS=extract,ingest
#         -P man_pages.cmake
cmake_minimum_required(VERSION 3.25)

string(REPLACE "," ";" COMMANDS "${COMMANDS}")
file(READ "${CLI_MD}" cli)
set(work "${OUT_DIR}/md")
file(MAKE_DIRECTORY "${work}")

# Runs pandoc on `markdown` and writes `OUT_DIR/page.1`.
function(render page title markdown)
  file(WRITE "${work}/${page}.md" "${markdown}")
  execute_process(
    COMMAND "${PANDOC}" --standalone --from markdown-smart --to man
            --metadata "title=${title}" --metadata section=1
            --metadata "header=reckon manual" --metadata "footer=reckon ${VERSION}"
            --output "${OUT_DIR}/${page}.1" "${work}/${page}.md"
    RESULT_VARIABLE failed ERROR_VARIABLE err)
  if(failed OR NOT err STREQUAL "")
    message(FATAL_ERROR "pandoc failed on ${page}: ${err}")
  endif()
endfunction()

# The text of the "## reckon COMMAND" section, without its heading line, into `out_body`;
# the heading's rest (the synopsis) into `out_synopsis`.
function(section command out_synopsis out_body)
  string(FIND "${cli}" "\n## reckon ${command} " start)
  if(start EQUAL -1)
    message(FATAL_ERROR "${CLI_MD} has no section '## reckon ${command} ...'")
  endif()
  math(EXPR start "${start} + 1")
  string(SUBSTRING "${cli}" ${start} -1 rest)
  string(FIND "${rest}" "\n" heading_end)
  math(EXPR heading_len "${heading_end} - 3")
  string(SUBSTRING "${rest}" 3 ${heading_len} heading)  # after "## "
  math(EXPR body_start "${heading_end} + 1")
  string(SUBSTRING "${rest}" ${body_start} -1 rest)
  string(FIND "${rest}" "\n## " next)
  if(NOT next EQUAL -1)
    string(SUBSTRING "${rest}" 0 ${next} rest)
  endif()
  set(${out_synopsis} "${heading}" PARENT_SCOPE)
  set(${out_body} "${rest}" PARENT_SCOPE)
endfunction()

# Links to the other pages of docs/ lead nowhere from a man page: keep their text only.
function(strip_links text out)
  string(REGEX REPLACE "\\[([^]]*)\\]\\([^):]*\\.md[^)]*\\)" "\\1" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# A three-column table does not fit a man page's 80 columns: its rows become list items,
# "- `command`: what (docs: pages)".
function(tables_to_lists text out)
  string(REGEX REPLACE "\n\\| *command *\\|[^\n]*\n\\|[-|]+\\|" "" text "${text}")
  string(REGEX REPLACE "\n\\| ([^|\n]*) \\| ([^|\n]*) \\| ([^|\n]*) \\|" "\n- \\1: \\2 (docs: \\3)" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(see_also "")
foreach(command IN LISTS COMMANDS)
  section(${command} synopsis body)
  strip_links("${body}" body)
  # The section's first sentence says what the command does: the NAME line.
  string(FIND "${body}" "\n\n" paragraph_end)
  string(SUBSTRING "${body}" 0 ${paragraph_end} summary)
  string(REPLACE "\n" " " summary "${summary}")
  string(REGEX REPLACE "\\. .*|\\.$" "" summary "${summary}")
  string(REPLACE "`" "" synopsis "${synopsis}")
  string(TOUPPER "${command}" upper)
  set(page "# NAME\n\nreckon-${command} - ${summary}\n\n# SYNOPSIS\n\n${synopsis}\n\n# DESCRIPTION\n\n${body}\n")
  string(APPEND page "# SEE ALSO\n\n**reckon**(1); `reckon ${command} --help` lists every option.\n")
  render(reckon-${command} "RECKON-${upper}" "${page}")
  string(APPEND see_also "**reckon-${command}**(1), ")
endforeach()

# The whole page: its first heading gives way to NAME, its "##" sections become subsections
# of DESCRIPTION.
string(FIND "${cli}" "\n" first_end)
math(EXPR first_end "${first_end} + 1")
string(SUBSTRING "${cli}" ${first_end} -1 body)
strip_links("${body}" body)
tables_to_lists("${body}" body)
set(page "# NAME\n\nreckon - an OSINT workbench: claims from documents, flights from ADS-B, production estimates\n\n")
string(APPEND page "# SYNOPSIS\n\n**reckon** COMMAND [OPTIONS] [ARGUMENTS]\n\n**reckon** --help | --version\n\n")
string(APPEND page "# DESCRIPTION\n${body}\n# SEE ALSO\n\n${see_also}and `reckon COMMAND --help`.\n")
render(reckon "RECKON" "${page}")
