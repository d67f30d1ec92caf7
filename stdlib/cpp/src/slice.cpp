#include "asr/std/slice.hpp"

#include "asr/panic.hpp"

namespace asr {

namespace rt {
// Rust's `slice_index_fail`: a start past the end first, then a start after the end, then an
// end past the end (an inclusive range reports its last index).
void slice_index_fail(Loc loc, std::size_t start, std::size_t end, bool inclusive, std::size_t len) {
  if (start > len) panic_fmt(loc, "range start index {} out of range for slice of length {}", start, len);
  if (!(inclusive && end == static_cast<std::size_t>(-1))) {
    std::size_t stop = inclusive ? end + 1 : end;
    if (stop < start) panic_fmt(loc, "slice index starts at {} but ends at {}", start, stop);
  }
  panic_fmt(loc, "range end index {} out of range for slice of length {}", end, len);
}
}  // namespace rt

namespace slice {
void panic_mid(Loc loc) { panic(loc, "mid > len"); }
}  // namespace slice

}  // namespace asr
