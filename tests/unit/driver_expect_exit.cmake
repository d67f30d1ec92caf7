# cmake -DASRC=path -DARGS="a|b|c" -DEXPECT=N [-DMATCH=regex] -P driver_expect_exit.cmake
# Runs asrc with ARGS and fails unless it exits with EXPECT (ctest's WILL_FAIL cannot tell
# exit code 2 from a crash) and, if MATCH is given, its stdout matches MATCH.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND "${ASRC}" ${args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
message("${err}")
if(NOT "${rc}" STREQUAL "${EXPECT}")
  message(FATAL_ERROR "asrc ${args}: exit code ${rc}, expected ${EXPECT}")
endif()
if(DEFINED MATCH AND NOT out MATCHES "${MATCH}")
  message(FATAL_ERROR "asrc ${args}: stdout does not match `${MATCH}`")
endif()
