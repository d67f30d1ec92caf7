#include "diagnostics/source.hpp"

#include <algorithm>

namespace asr {

FileId SourceManager::add(std::string display_name, std::string text) {
  File f{std::move(display_name), std::move(text), {0}};
  for (uint32_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
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
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - f.line_starts.begin());
  uint32_t start = f.line_starts[line - 1];
  uint32_t col = 1;
  for (uint32_t i = start; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(f.text[i]) & 0xC0) != 0x80) ++col;
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
