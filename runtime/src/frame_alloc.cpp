// Coroutine frame allocation: plain malloc for now (see frame_alloc.hpp).
#include "asr/frame_alloc.hpp"

#include <cstdlib>

#include "asr/panic.hpp"

namespace asr {

void* frame_alloc(std::size_t size) {
  void* p = std::malloc(size);
  if (p == nullptr) [[unlikely]] rt::alloc_failed(size);
  return p;
}

void frame_free(void* p, std::size_t) noexcept { std::free(p); }

}  // namespace asr
