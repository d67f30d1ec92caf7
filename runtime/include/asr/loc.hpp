// Source locations carried into panics: the ASR file, line and column of the
// expression that failed, exactly as rustc reports them (1-based line and column).
#pragma once
#include <cstdint>

namespace asr {

struct Loc {
  const char* file;
  uint32_t line;
  uint32_t col;
};

}  // namespace asr
