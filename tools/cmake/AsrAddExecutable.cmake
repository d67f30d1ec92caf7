# asr_add_executable: build an executable from ASR sources with CMake.
#
#   asr_add_executable(NAME SOURCES main.asr [more.asr ...] [RELEASE] [EXCLUDE_FROM_ALL]
#                      [ASRC_FLAGS flag ...])
#
# The first source is the crate root; the others (file modules) are only dependencies: asrc
# finds them itself from `mod` items. At build time asrc transpiles the crate to
# ${CMAKE_CURRENT_BINARY_DIR}/NAME.cpp (with #line directives pointing at the .asr files), and
# a C++20 executable NAME is built from it and linked with the ASR runtime. asrc also writes
# a Make-format depfile, so editing any module re-runs it even if it is not listed.
#
#   RELEASE           release semantics (`asrc --release`: integer overflow wraps) and -O2,
#                     whatever CMAKE_BUILD_TYPE is; otherwise the overflow checks of a debug
#                     Rust build are kept and optimisation follows CMAKE_BUILD_TYPE
#   EXCLUDE_FROM_ALL  not built by the default target
#   ASRC_FLAGS        extra asrc options (e.g. --annotate)
#
# NAME is an ordinary CMake target: add sources, link libraries or set properties as usual.
#
# Works in two settings:
#   - inside the asrc project: the top-level CMakeLists sets ASRC_EXECUTABLE to
#     $<TARGET_FILE:asrc>; the runtime is the targets asr_std and asr_core.
#   - with an installed asrc: `find_package(asr)` loads asr-config.cmake, which sets
#     ASRC_EXECUTABLE and defines the imported targets asr::std and asr::core.
# Set ASR_USE_DEPFILE to OFF for an asrc that does not know --depfile.

include_guard(GLOBAL)

option(ASR_USE_DEPFILE "let asrc write a depfile so module files are tracked" ON)

function(asr_add_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "RELEASE;EXCLUDE_FROM_ALL" "" "SOURCES;ASRC_FLAGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "asr_add_executable(${name}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "asr_add_executable(${name}): SOURCES main.asr [...] is required")
  endif()
  if(NOT ASRC_EXECUTABLE)
    message(FATAL_ERROR "asr_add_executable(${name}): ASRC_EXECUTABLE is not set; "
                        "use find_package(asr) or set it to the asrc program")
  endif()

  set(sources "")
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND sources "${abs}")
  endforeach()
  list(GET sources 0 root)

  set(cpp "${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp")
  set(flags ${ARG_ASRC_FLAGS})
  if(ARG_RELEASE)
    list(APPEND flags --release)
  endif()
  set(depends ${sources})
  # Inside the project asrc is a target: depend on it so a rebuilt compiler re-transpiles.
  if(TARGET asrc)
    list(APPEND depends asrc)
  endif()
  set(depfile_args "")
  set(depfile_opt "")
  if(ASR_USE_DEPFILE AND CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(depfile_args --depfile "${cpp}.d")
    set(depfile_opt DEPFILE "${cpp}.d")
  endif()
  add_custom_command(
    OUTPUT "${cpp}"
    COMMAND "${ASRC_EXECUTABLE}" ${flags} "${root}" -o "${cpp}" ${depfile_args}
    DEPENDS ${depends}
    ${depfile_opt}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "asrc: transpiling ${root} to ${name}.cpp"
    VERBATIM COMMAND_EXPAND_LISTS)

  set(exclude "")
  if(ARG_EXCLUDE_FROM_ALL)
    set(exclude EXCLUDE_FROM_ALL)
  endif()
  add_executable(${name} ${exclude} "${cpp}")
  target_compile_features(${name} PRIVATE cxx_std_20)
  set_target_properties(${name} PROPERTIES CXX_EXTENSIONS OFF)
  # Symmetric transfer between coroutines must be a tail call even in unoptimised builds.
  target_compile_options(${name} PRIVATE -foptimize-sibling-calls)
  if(ARG_RELEASE)
    target_compile_options(${name} PRIVATE -O2)
    target_compile_definitions(${name} PRIVATE NDEBUG)
  endif()
  if(TARGET asr::std AND TARGET asr::core)
    target_link_libraries(${name} PRIVATE asr::std asr::core)
  else()
    # Inside the project; the runtime targets may be defined after this call, which is fine:
    # target names are resolved when the build system is generated.
    target_link_libraries(${name} PRIVATE asr_std asr_core)
  endif()
  find_package(Threads REQUIRED)
  target_link_libraries(${name} PRIVATE Threads::Threads)
  # The generated code is not the user's to fix: keep the C++ compiler's warnings off it.
  set_source_files_properties("${cpp}" PROPERTIES COMPILE_OPTIONS "-w")
endfunction()
