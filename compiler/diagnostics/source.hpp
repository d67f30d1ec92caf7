#pragma once
// Source files and locations, shared by every stage.
//
// A `Span` is a half-open byte range in one loaded file. Stages keep spans, never line/column
// pairs: the SourceManager turns a span into `line:col` only when a diagnostic is printed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace asr {

// Index of a file in the SourceManager. 0 is reserved for "no file".
struct FileId {
  uint32_t index = 0;
  bool valid() const { return index != 0; }
  friend bool operator==(FileId, FileId) = default;
};

struct Span {
  FileId file;
  uint32_t begin = 0;  // byte offset of the first character
  uint32_t end = 0;    // byte offset one past the last character
  bool valid() const { return file.valid(); }
  // The smallest span covering both (same file assumed).
  Span to(Span other) const { return {file, begin, other.end > end ? other.end : end}; }
};

// 1-based line and column; the column counts Unicode scalar values, as rustc does.
struct LineCol {
  uint32_t line = 0;
  uint32_t col = 0;
};

class SourceManager {
 public:
  // `display_name` is how diagnostics and panics name the file (the path as the user gave it).
  FileId add(std::string display_name, std::string text);
  std::string_view name(FileId) const;
  std::string_view text(FileId) const;
  LineCol line_col(FileId, uint32_t offset) const;
  LineCol line_col(Span s) const { return line_col(s.file, s.begin); }
  // Text of the 1-based line, without its line terminator.
  std::string_view line_text(FileId, uint32_t line) const;
  uint32_t line_count(FileId) const;

 private:
  struct File {
    std::string name;
    std::string text;
    std::vector<uint32_t> line_starts;  // byte offset at which each line starts
  };
  const File& file(FileId id) const { return files_[id.index - 1]; }
  std::vector<File> files_;
};

}  // namespace asr
