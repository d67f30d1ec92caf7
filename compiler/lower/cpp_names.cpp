#include "lower/cpp_names.hpp"

namespace asr::lower {
namespace {

const std::unordered_set<std::string_view>& reserved() {
  static const std::unordered_set<std::string_view> words = {
      // C++20 keywords and alternative tokens
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      // contextual keywords and identifiers with special meaning
      "final", "override", "import", "module",
      // common macros from the C library and compilers
      "errno", "assert", "stdin", "stdout", "stderr", "EOF", "NULL", "offsetof", "setjmp",
      "va_start", "va_arg", "va_end", "va_copy", "unix", "linux", "major", "minor", "BUFSIZ",
      "CHAR_BIT", "SIZE_MAX", "RAND_MAX", "EXIT_SUCCESS", "EXIT_FAILURE", "INT_MAX", "INT_MIN",
      "UINT_MAX", "LONG_MAX", "LONG_MIN", "NDEBUG", "DEBUG", "TRUE", "FALSE", "PI", "M_PI",
      "INFINITY", "NAN", "HUGE_VAL", "MB_LEN_MAX", "FILENAME_MAX", "L_tmpnam", "TMP_MAX",
      "SEEK_SET", "SEEK_CUR", "SEEK_END", "CLOCKS_PER_SEC", "signal", "raise",
      // names the generated code uses unqualified
      "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
      "size_t", "ptrdiff_t", "asr", "crate", "std",
  };
  return words;
}

}  // namespace

bool needs_mangling(std::string_view n) {
  if (n.empty()) return true;
  if (reserved().count(n)) return true;
  if (n.find("__") != std::string_view::npos || n.find('$') != std::string_view::npos) return true;
  if (n.size() >= 2 && n[0] == '_' && n[1] >= 'A' && n[1] <= 'Z') return true;
  return n.substr(0, 4) == "asr_";
}

std::string mangle(std::string_view n) {
  if (n.empty()) return "u_";
  std::string s(n);
  for (char& c : s) if (c == '$') c = '_';  // (the parser's temporaries: `lhs$0`)
  for (size_t pos; (pos = s.find("__")) != std::string::npos;) s.replace(pos, 2, "_u_");
  if (s.size() >= 2 && s[0] == '_' && s[1] >= 'A' && s[1] <= 'Z') s = "u" + s;
  if (reserved().count(s) || s.substr(0, 4) == "asr_") s += '_';
  return s;
}

std::string field_name(std::string_view n) {
  if (!n.empty() && n[0] >= '0' && n[0] <= '9') return "_" + std::string(n);
  return needs_mangling(n) ? mangle(n) : std::string(n);
}

std::string NameScope::fresh(std::string_view asr_name) {
  std::string base = mangle(asr_name);
  std::string sep = base.back() == '_' ? "" : "_";
  std::string name = base;
  for (int i = 2; used(name); ++i) name = base + sep + std::to_string(i);
  used_.insert(name);
  return name;
}

}  // namespace asr::lower
