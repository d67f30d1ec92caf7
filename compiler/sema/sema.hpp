#pragma once
// Public interface of sema: parsed crates -> checked Program.

#include <memory>
#include <string>
#include <vector>

#include "diagnostics/diagnostics.hpp"
#include "sema/program.hpp"

namespace asr::sema {

struct CrateInput {
  std::string module_path;              // where its items live: `crate`, `std::task`, ...
  std::unique_ptr<ast::Crate> crate;
  bool is_std = false;
  std::string crate_name;               // user crate: the file stem, for messages
};

// Builds the module tree, resolves names, checks types and records what every expression
// means. The Program owns the crates. Errors go to `diags`; the Program is still returned
// (partially checked) so that tools can inspect it, but must not be lowered if
// `diags.has_errors()`.
std::unique_ptr<Program> analyze(std::vector<CrateInput> crates, uint32_t expr_count,
                                 Diagnostics& diags);

}  // namespace asr::sema
