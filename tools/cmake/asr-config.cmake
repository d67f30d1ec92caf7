# asr-config.cmake: lets an installed asrc be used with `find_package(asr)`.
#
#   find_package(asr REQUIRED)
#   asr_add_executable(hello SOURCES hello.asr)
#
# Installed layout (LIBDIR is lib, or lib/<multiarch> for a /usr install on Debian):
#   bin/asrc                                the compiler         -> ASRC_EXECUTABLE
#   LIBDIR/libasr_std.a, LIBDIR/libasr_core.a  the runtime       -> asr::std, asr::core
#   include/asr/...                         the runtime's headers
#   LIBDIR/cmake/asr/                       this file and AsrAddExecutable.cmake

get_filename_component(_asr_libdir "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
# The prefix is the folder above LIBDIR: one level up for lib/, two for lib/<multiarch>/.
get_filename_component(_asr_prefix "${_asr_libdir}/.." ABSOLUTE)
if(NOT EXISTS "${_asr_prefix}/bin/asrc" AND EXISTS "${_asr_libdir}/../../bin/asrc")
  get_filename_component(_asr_prefix "${_asr_libdir}/../.." ABSOLUTE)
endif()

if(NOT ASRC_EXECUTABLE)
  find_program(ASRC_EXECUTABLE asrc PATHS "${_asr_prefix}/bin" NO_DEFAULT_PATH)
endif()
if(NOT ASRC_EXECUTABLE)
  set(asr_FOUND FALSE)
  set(asr_NOT_FOUND_MESSAGE "asrc was not found in ${_asr_prefix}/bin")
  return()
endif()

set(_asr_created FALSE)
foreach(_asr_lib std core)
  if(NOT TARGET asr::${_asr_lib})
    set(_asr_created TRUE)
    set(_asr_path "${_asr_libdir}/libasr_${_asr_lib}.a")
    if(NOT EXISTS "${_asr_path}")
      set(asr_FOUND FALSE)
      set(asr_NOT_FOUND_MESSAGE "the ASR runtime library ${_asr_path} is missing")
      return()
    endif()
    add_library(asr::${_asr_lib} STATIC IMPORTED)
    set_target_properties(asr::${_asr_lib} PROPERTIES
      IMPORTED_LOCATION "${_asr_path}"
      INTERFACE_INCLUDE_DIRECTORIES "${_asr_prefix}/include"
      INTERFACE_COMPILE_FEATURES cxx_std_20)
  endif()
endforeach()
# asr_std is built on asr_core; link order matters for static libraries.
if(_asr_created)
  set_property(TARGET asr::std APPEND PROPERTY INTERFACE_LINK_LIBRARIES asr::core)
  find_package(Threads)
  if(Threads_FOUND)
    set_property(TARGET asr::core APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)
  endif()
endif()

set(asr_FOUND TRUE)
set(asr_VERSION_STRING "")
include("${CMAKE_CURRENT_LIST_DIR}/AsrAddExecutable.cmake")
unset(_asr_prefix)
unset(_asr_libdir)
unset(_asr_lib)
unset(_asr_path)
unset(_asr_created)
