#pragma once
// Exhaustiveness of patterns: which values of a type no pattern of a list matches, as
// example patterns in rustc's notation (`Shape::Rect { .. }`, `i32::MIN..=-1_i32`).
//
// The algorithm is Maranget's usefulness computation ("Warnings for pattern matching",
// 2007) over constructors, with integer and char ranges split at the patterns' boundaries,
// as rustc does. It reads the patterns' resolutions and types from Program::pats, so it runs
// once the body's types are resolved.

#include <optional>
#include <string>
#include <vector>

#include "sema/program.hpp"

namespace asr::sema {

struct MatchRow {
  const ast::Pat* pat;
  bool guarded = false;  // rows with a guard never count as covering anything
};

struct Coverage {
  std::vector<std::string> missing;  // the first few uncovered patterns, rendered
  size_t total = 0;                  // how many there are (capped at a few hundred)
  bool exhaustive() const { return total == 0; }
  // "`A`", "`A` and `B`", "`A`, `B`, `C` and 2 more".
  std::string describe() const;
};

Coverage check_coverage(const Program& p, TypeId scrutinee, const std::vector<MatchRow>& rows);

// The value of an integer or char literal (maybe negated) in a pattern, as a key that orders
// like the values do: chars as code points, unsigned integers as themselves, signed ones
// offset by 2^(bits-1). nullopt for other literals.
using PatKey = unsigned __int128;
std::optional<PatKey> pattern_key(const Program& p, const ast::Expr& lit);
// The largest key of an integer or char type.
PatKey pattern_key_max(const Program& p, TypeId t);
// rustc's rendering of a key: `5_i32`, `i32::MIN`, `'a'`.
std::string render_key(const Program& p, TypeId t, PatKey k);

}  // namespace asr::sema
