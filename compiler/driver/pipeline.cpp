// The pipeline: syntax -> sema -> lower -> emit, each stage reading only the products of the
// ones before it. std's declarations (stdlib/std/*.asr) are embedded in asrc at build time
// and parsed like user code, so the front end learns std from them, not from hard-coded names.

#include "driver/pipeline.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>

#include "emit/emit.hpp"
#include "lower/async_drop.hpp"
#include "lower/lower.hpp"
#include "sema/sema.hpp"
#include "syntax/syntax.hpp"

namespace asr::driver {

struct EmbeddedFile {
  std::string_view path;
  std::string_view text;
};
extern const EmbeddedFile kStdlibFiles[];
extern const std::size_t kStdlibFiles_count;

namespace {

using Clock = std::chrono::steady_clock;
const bool kTiming = std::getenv("ASR_TIMING") != nullptr;
const Clock::time_point kStart = Clock::now();
Clock::time_point g_last = kStart;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

void stage_done(const char* stage) {
  if (!kTiming) return;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::fprintf(stderr, "asrc: time %-7s %8.1f ms  (peak RSS %ld MB)\n", stage, ms_since(g_last),
               ru.ru_maxrss / 1024);
  g_last = Clock::now();
}

void report_total_time() {
  if (kTiming) std::fprintf(stderr, "asrc: time %-7s %8.1f ms\n", "total", ms_since(kStart));
}

namespace {

std::string file_stem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

// `time.asr` -> `std::time`; `net/tcp.asr` -> `std::net::tcp`.
std::string std_module_path(std::string_view rel) {
  std::string p(rel);
  if (p.size() > 4 && p.compare(p.size() - 4, 4, ".asr") == 0) p.resize(p.size() - 4);
  std::string out = "std";
  for (size_t start = 0; start <= p.size();) {
    size_t slash = p.find('/', start);
    std::string seg = p.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg != "lib" && seg != "mod") out += "::" + seg;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `mod name;` in a file: its items are in `name.asr` or `name/mod.asr`, next to the root file
// (or in the directory of the module that declares it), as rustc looks for `.rs` files.
class ModuleLoader {
 public:
  ModuleLoader(SourceManager& sources, Diagnostics& diags, uint32_t& next_id, std::vector<sema::CrateInput>& out,
               std::vector<std::string>& deps)
      : sources_(sources), diags_(diags), next_id_(next_id), out_(out), deps_(deps) {}

  // `dir`: where the children of `module_path`'s file-level `mod x;` items live.
  void load_children(const ast::Crate& crate, const std::string& module_path, const std::string& dir, int depth) {
    items(crate.items, module_path, dir, depth);
  }

 private:
  void items(const std::vector<ast::P<ast::Item>>& list, const std::string& module_path, const std::string& dir, int depth) {
    for (const auto& it : list) {
      if (it->kind != ast::ItemKind::Mod) continue;
      std::string child = module_path + "::" + it->name.name;
      std::string child_dir = dir + it->name.name + "/";
      if (it->mod_inline) {
        items(it->items, child, child_dir, depth);
        continue;
      }
      if (depth > 64) continue;  // (a cycle through `#[path]`-less modules is impossible; a guard anyway)
      std::string flat = dir + it->name.name + ".asr";
      std::string nested = dir + it->name.name + "/mod.asr";
      std::string path = flat;
      std::optional<std::string> text = read_file(flat);
      if (!text) {
        path = nested;
        text = read_file(nested);
      }
      if (!text) {
        diags_.report(DiagKind::ModuleFileNotFound, it->name.span, it->name.name)
            .notes.push_back({Span{}, fmt::format("to create the module `{}`, create file \"{}\" or \"{}\"", it->name.name,
                                                  flat, nested)});
        continue;
      }
      deps_.push_back(path);
      FileId id = sources_.add(path, std::move(*text));
      std::unique_ptr<ast::Crate> crate = syntax::parse(sources_, id, diags_, next_id_);
      if (!crate) continue;
      const ast::Crate& ref = *crate;
      out_.push_back({child, std::move(crate), false, it->name.name});
      // `a/mod.asr`'s children are in `a/`; `a.asr`'s in `a/` too (Rust 2018).
      load_children(ref, child, child_dir, depth + 1);
    }
  }

  SourceManager& sources_;
  Diagnostics& diags_;
  uint32_t& next_id_;
  std::vector<sema::CrateInput>& out_;
  std::vector<std::string>& deps_;
};

CompileResult run(FileId file, const std::string& display_name, const CompileOptions& options,
                  SourceManager& sources, Diagnostics& diags) {
  CompileResult result;
  result.dependencies.push_back(display_name);
  if (!options.free_memory) syntax::keep_parse_trees_until_exit(true);
  if (options.emit == EmitKind::Tokens) {
    auto tokens = syntax::tokenize(sources, file, diags);
    result.output = syntax::dump_tokens(tokens, sources);
    result.ok = !diags.has_errors();
    return result;
  }
  // std's files are parsed on a thread of their own while the program's file is parsed here.
  std::optional<syntax::BackgroundParse> std_parse;
  if (options.emit != EmitKind::Ast) {
    std::vector<FileId> std_files;
    for (std::size_t i = 0; i < kStdlibFiles_count; ++i) {
      const EmbeddedFile& f = kStdlibFiles[i];
      std_files.push_back(sources.add("<std>/" + std::string(f.path), std::string(f.text)));
    }
    std_parse.emplace(sources, std::move(std_files));
  }
  uint32_t next_id = 1;
  std::unique_ptr<ast::Crate> crate = syntax::parse(sources, file, diags, next_id);
  stage_done("syntax");
  if (options.emit == EmitKind::Ast) {
    if (crate) result.output = syntax::dump_ast(*crate, sources);
    result.ok = !diags.has_errors();
    return result;
  }
  if (!crate || diags.has_errors()) return result;

  std::vector<sema::CrateInput> crates;
  std::vector<std::unique_ptr<ast::Crate>> std_crates = std_parse->finish(diags, next_id);
  for (std::size_t i = 0; i < kStdlibFiles_count; ++i) {
    if (!std_crates[i]) return result;
    crates.push_back({std_module_path(kStdlibFiles[i].path), std::move(std_crates[i]), true, "std"});
  }
  stage_done("std");
  const ast::Crate& root = *crate;
  crates.push_back({"crate", std::move(crate), false, file_stem(display_name)});
  {
    std::string dir = std::filesystem::path(display_name).parent_path().string();
    ModuleLoader loader(sources, diags, next_id, crates, result.dependencies);
    loader.load_children(root, "crate", dir.empty() ? "" : dir + "/", 0);
    if (diags.has_errors()) return result;
  }
  std::unique_ptr<sema::Program> program = sema::analyze(std::move(crates), next_id, diags);
  stage_done("sema");
  if (diags.has_errors()) return result;

  lower::Effects effects = lower::infer_effects(*program);
  lower::check_builtin_impl_effects(*program, effects, diags);
  lower::check_async_drops(*program, effects, diags);
  if (diags.has_errors()) return result;
  stage_done("effects");
  if (options.emit == EmitKind::Effects) {
    result.output = lower::effects_report(*program, effects, sources);
    result.ok = true;
    return result;
  }
  lir::Module module = lower::lower_program(*program, effects, {options.release});
  stage_done("lower");
  emit::EmitOptions eo;
  eo.line_directives = options.line_directives;
  eo.annotate = options.annotate;
  eo.version = ASRC_VERSION;
  result.output = emit::emit_cpp(module, effects, sources, eo);
  stage_done("emit");
  result.ok = !diags.has_errors();
  if (!options.free_memory) {  // left to the OS (see CompileOptions::free_memory)
    (void)program.release();
    (void)new lir::Module(std::move(module));
  }
  return result;
}

}  // namespace

CompileResult compile_source(const std::string& display_name, std::string text,
                             const CompileOptions& options, SourceManager& sources,
                             Diagnostics& diags) {
  FileId file = sources.add(display_name, std::move(text));
  try {
    CompileResult result = run(file, display_name, options, sources, diags);
    stage_done("free");  // the AST, the program and the LIR were destroyed leaving run()
    return result;
  } catch (const std::exception& e) {
    diags.add(DiagKind::SyntaxError, Span{}, std::string("internal compiler error: ") + e.what());
    return CompileResult{};
  }
}

CompileResult compile_file(const std::string& input_path, const CompileOptions& options,
                           SourceManager& sources, Diagnostics& diags) {
  std::ifstream in(input_path, std::ios::binary);
  if (!in) {
    diags.report(DiagKind::CannotReadFile, Span{}, input_path, "no such file or directory");
    return CompileResult{};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  stage_done("read");
  return compile_source(input_path, ss.str(), options, sources, diags);
}

}  // namespace asr::driver
