# Installs the web front end's npm packages (`npm ci`, pinned by package-lock.json) when
# WEB_DIR/node_modules is missing or older than the lock file, then touches STAMP. Skipping an
# up-to-date install matters: `npm ci` deletes node_modules first, and several build folders
# share the one web/ folder.
#   cmake -DNPM=/usr/bin/npm -DWEB_DIR=web -DSTAMP=build/web/npm-ci.stamp -P cmake/npm_ci.cmake
set(installed "${WEB_DIR}/node_modules/.package-lock.json")  # npm writes it at the end of an install
# npm gives .package-lock.json the lock file's own time, so only a strictly newer lock file (an
# edited one) means the install is stale; IS_NEWER_THAN would also be true for equal times.
set(stale FALSE)
if(NOT EXISTS "${installed}")
  set(stale TRUE)
else()
  file(TIMESTAMP "${WEB_DIR}/package-lock.json" lock_s "%s" UTC)
  file(TIMESTAMP "${installed}" installed_s "%s" UTC)
  if(lock_s GREATER installed_s)
    set(stale TRUE)
  endif()
endif()
if(stale)
  message(STATUS "npm ci in ${WEB_DIR}")
  execute_process(COMMAND "${NPM}" ci --no-audit --no-fund WORKING_DIRECTORY "${WEB_DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${WEB_DIR} (exit ${rc}). It needs the npm registry once; "
                        "check the network, or run scripts/setup.")
  endif()
endif()
file(TOUCH "${STAMP}")
