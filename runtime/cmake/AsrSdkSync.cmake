# Build-time script: mirror every header under SRC (a directory containing `asr/`) into
# DEST as symlinks, creating only what is missing. Run on every build, so new headers
# appear without re-configuring, and existing links never change timestamps.
#   cmake -DSRC=<dir> -DDEST=<dir> -P AsrSdkSync.cmake
file(GLOB_RECURSE headers RELATIVE "${SRC}" "${SRC}/asr/*.hpp")
foreach(h IN LISTS headers)
  set(dst "${DEST}/${h}")
  if(NOT IS_SYMLINK "${dst}")
    get_filename_component(dir "${dst}" DIRECTORY)
    file(MAKE_DIRECTORY "${dir}")
    if(EXISTS "${dst}")
      file(REMOVE "${dst}")
    endif()
    file(CREATE_LINK "${SRC}/${h}" "${dst}" SYMBOLIC)
  endif()
endforeach()
