#include "diagnostics/source.hpp"

#include <algorithm>
#include <cstring>

namespace asr {

FileId SourceManager::add(std::string display_name, std::string text) {
  File f{std::move(display_name), std::move(text), {0}};
  const char* b = f.text.data();
  const char* e = b + f.text.size();
  f.line_starts.reserve(f.text.size() / 32 + 1);
  for (const char* p = b; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(e - p))));) {
    ++p;
    f.line_starts.push_back(static_cast<uint32_t>(p - b));
  }
  files_.push_back(std::move(f));
  return FileId{static_cast<uint32_t>(files_.size())};
}

std::string_view SourceManager::name(FileId id) const { return file(id).name; }
std::string_view SourceManager::text(FileId id) const { return file(id).text; }

uint32_t SourceManager::line_count(FileId id) const {
  return static_cast<uint32_t>(file(id).line_starts.size());
}

LineCol SourceManager::line_col(FileId id, uint32_t offset) const {
  const File& f = file(id);
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(f.text.size()));
  // The emitter asks for the line of every statement, in source order: try the line of the
  // previous query on this thread and the next one before a binary search.
  thread_local const File* last_file = nullptr;
  thread_local uint32_t last_line = 0;  // 1-based
  uint32_t n = static_cast<uint32_t>(f.line_starts.size());
  auto on_line = [&](uint32_t l) {  // offset is on the 1-based line l
    return f.line_starts[l - 1] <= offset && (l == n || offset < f.line_starts[l]);
  };
  uint32_t line;
  if (last_file == &f && last_line >= 1 && last_line <= n && on_line(last_line)) {
    line = last_line;
  } else if (last_file == &f && last_line >= 1 && last_line < n && on_line(last_line + 1)) {
    line = last_line + 1;
  } else {
    auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
    line = static_cast<uint32_t>(it - f.line_starts.begin());
  }
  last_file = &f;
  last_line = line;
  uint32_t start = f.line_starts[line - 1];
  // Count code points: every byte but UTF-8 continuation bytes (10xxxxxx), 8 bytes at a time.
  uint32_t col = 1 + (offset - start);
  uint32_t i = start;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  for (; i + 8 <= offset; i += 8) {
    uint64_t w;
    std::memcpy(&w, f.text.data() + i, 8);
    uint64_t bit7 = w & kHigh;
    if (bit7) col -= static_cast<uint32_t>(__builtin_popcountll(bit7 & ~((w << 1) & kHigh)));
  }
  for (; i < offset; ++i) {
    if ((static_cast<unsigned char>(f.text[i]) & 0xC0) == 0x80) --col;
  }
  return {line, col};
}

std::string_view SourceManager::line_text(FileId id, uint32_t line) const {
  const File& f = file(id);
  if (line == 0 || line > f.line_starts.size()) return {};
  uint32_t start = f.line_starts[line - 1];
  uint32_t end = line < f.line_starts.size() ? f.line_starts[line] : static_cast<uint32_t>(f.text.size());
  std::string_view s(f.text.data() + start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace asr
