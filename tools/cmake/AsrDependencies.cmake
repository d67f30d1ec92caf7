# Every third-party dependency, found once. A missing one stops configure with the Debian
# package that provides it, so a fresh machine needs one `apt-get install` line.

macro(asr_require pkg debian)
  find_package(${pkg} ${ARGN} QUIET)
  if(NOT ${pkg}_FOUND)
    message(FATAL_ERROR
      "asrc needs ${pkg}, which was not found.\n"
      "On Debian/Ubuntu install it with:  apt-get install ${debian}")
  endif()
endmacro()

asr_require(antlr4-runtime libantlr4-runtime-dev)
asr_require(fmt libfmt-dev)
asr_require(CLI11 libcli11-dev)
asr_require(nlohmann_json nlohmann-json3-dev)
if(ASR_BUILD_TESTS)
  asr_require(GTest libgtest-dev)
  find_package(Python3 COMPONENTS Interpreter QUIET)
  if(NOT Python3_FOUND)
    message(FATAL_ERROR "the asrc test harness needs Python 3: apt-get install python3")
  endif()
endif()

# Debian's antlr4 tool is 4.7.2 behind a wrapper script that sets the class path;
# `java -jar` on the jar alone fails, so the stock antlr4_generate() helper cannot be used.
find_program(ANTLR4_TOOL NAMES antlr4 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT ANTLR4_TOOL)
  find_program(ANTLR4_TOOL NAMES antlr4)
endif()
if(NOT ANTLR4_TOOL)
  message(FATAL_ERROR
    "asrc needs the ANTLR 4 tool to generate its parser.\n"
    "On Debian/Ubuntu install it with:  apt-get install antlr4")
endif()
find_package(Java COMPONENTS Runtime QUIET)
if(NOT Java_FOUND)
  message(FATAL_ERROR "the antlr4 tool needs Java: apt-get install default-jre-headless")
endif()

if(TARGET antlr4_static)
  set(ASR_ANTLR_LIB antlr4_static)
else()
  set(ASR_ANTLR_LIB antlr4_shared)
endif()
