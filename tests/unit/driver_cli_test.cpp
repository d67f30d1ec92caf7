// Unit tests of the asrc driver: argument parsing, depfile escaping, the run cache's key and
// location, SDK discovery, the C++ compiler command and atomic writes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "driver/cli.hpp"
#include "driver/toolchain.hpp"

namespace asr::driver {
namespace {

namespace fs = std::filesystem;

ParsedCommandLine parse(std::vector<std::string> args) { return parse_command_line(args); }

Invocation ok(std::vector<std::string> args) {
  ParsedCommandLine p = parse(args);
  EXPECT_TRUE(p.invocation.has_value()) << p.err;
  EXPECT_EQ(p.err, "");
  return p.invocation.value_or(Invocation{});
}

void usage_error(std::vector<std::string> args, std::string_view fragment = "") {
  ParsedCommandLine p = parse(args);
  EXPECT_FALSE(p.invocation.has_value());
  EXPECT_EQ(p.exit_code, kExitUsage);
  EXPECT_NE(p.err.find("error: "), std::string::npos);
  EXPECT_NE(p.err.find(fragment), std::string::npos) << p.err;
}

// ---- parsing

TEST(DriverCli, TranspileToStdout) {
  Invocation inv = ok({"x.asr"});
  EXPECT_EQ(inv.mode, Mode::Transpile);
  EXPECT_EQ(inv.input, "x.asr");
  EXPECT_FALSE(inv.output.has_value());
  EXPECT_EQ(inv.compile.emit, EmitKind::Cpp);
  EXPECT_TRUE(inv.compile.line_directives);
  EXPECT_FALSE(inv.compile.annotate);
  EXPECT_FALSE(inv.compile.release);
  EXPECT_EQ(inv.color, ColorMode::Auto);
}

TEST(DriverCli, TranspileToFileOptionsInAnyOrder) {
  Invocation inv = ok({"-o", "out.cpp", "--annotate", "x.asr", "--no-line-directives",
                       "--release", "--color=never"});
  EXPECT_EQ(inv.input, "x.asr");
  EXPECT_EQ(inv.output, "out.cpp");
  EXPECT_TRUE(inv.compile.annotate);
  EXPECT_FALSE(inv.compile.line_directives);
  EXPECT_TRUE(inv.compile.release);
  EXPECT_EQ(inv.color, ColorMode::Never);
}

TEST(DriverCli, EmitKinds) {
  EXPECT_EQ(ok({"--emit=tokens", "x.asr"}).compile.emit, EmitKind::Tokens);
  EXPECT_EQ(ok({"--emit", "ast", "x.asr"}).compile.emit, EmitKind::Ast);
  EXPECT_EQ(ok({"x.asr", "--emit=effects"}).compile.emit, EmitKind::Effects);
  EXPECT_EQ(ok({"--emit=cpp", "x.asr"}).compile.emit, EmitKind::Cpp);
  usage_error({"--emit=llvm", "x.asr"}, "--emit");
}

TEST(DriverCli, ColorModes) {
  EXPECT_EQ(ok({"--color=always", "x.asr"}).color, ColorMode::Always);
  EXPECT_EQ(ok({"--color", "auto", "x.asr"}).color, ColorMode::Auto);
  usage_error({"--color=sometimes", "x.asr"}, "--color");
}

TEST(DriverCli, BuildSubcommand) {
  Invocation inv = ok({"build", "x.asr", "-o", "y"});
  EXPECT_EQ(inv.mode, Mode::Build);
  EXPECT_EQ(inv.input, "x.asr");
  EXPECT_EQ(inv.output, "y");
  EXPECT_FALSE(inv.compile.release);
  Invocation rel = ok({"build", "--release", "dir/x.asr", "-o", "y"});
  EXPECT_TRUE(rel.compile.release);
  EXPECT_EQ(rel.input, "dir/x.asr");
}

TEST(DriverCli, BuildDefaultsOutputToStem) {
  EXPECT_EQ(ok({"build", "src/hello.asr"}).output, "hello");
  usage_error({"build", "hello"}, "-o");
}

TEST(DriverCli, RunSubcommandWithProgramArgs) {
  Invocation inv = ok({"run", "x.asr"});
  EXPECT_EQ(inv.mode, Mode::Run);
  EXPECT_EQ(inv.input, "x.asr");
  EXPECT_TRUE(inv.program_args.empty());

  Invocation args = ok({"run", "--release", "x.asr", "--", "a", "--help", "-o", "--", "b"});
  EXPECT_TRUE(args.compile.release);
  EXPECT_EQ(args.program_args, (std::vector<std::string>{"a", "--help", "-o", "--", "b"}));
}

TEST(DriverCli, RunExtraArgumentNeedsDoubleDash) {
  usage_error({"run", "x.asr", "a"}, "after `--`");
}

TEST(DriverCli, FileNamedLikeASubcommand) {
  Invocation inv = ok({"./build"});
  EXPECT_EQ(inv.mode, Mode::Transpile);
  EXPECT_EQ(inv.input, "./build");
  Invocation run = ok({"-o", "o.cpp", "run"});  // only the first argument selects a form
  EXPECT_EQ(run.mode, Mode::Transpile);
  EXPECT_EQ(run.input, "run");
  Invocation b = ok({"build", "build", "-o", "x"});
  EXPECT_EQ(b.mode, Mode::Build);
  EXPECT_EQ(b.input, "build");
}

TEST(DriverCli, UsageErrors) {
  usage_error({}, "no input file");
  usage_error({"build"}, "no input file");
  usage_error({"run"}, "no input file");
  usage_error({"--bogus", "x.asr"}, "--bogus");
  usage_error({"a.asr", "b.asr"}, "b.asr");
  usage_error({"x.asr", "-o"});
  usage_error({"build", "--emit=ast", "x.asr", "-o", "y"});  // --emit is for the plain form
  usage_error({"run", "x.asr", "-o", "y"});
  usage_error({"x.asr", "--depfile", "d"}, "-o");            // a depfile needs a target
}

TEST(DriverCli, Depfile) {
  Invocation inv = ok({"x.asr", "-o", "x.cpp", "--depfile", "x.d"});
  EXPECT_EQ(inv.depfile, "x.d");
}

TEST(DriverCli, HelpAndVersionExitZero) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"--help"}, {"-h"}, {"build", "--help"}, {"run", "-h"}, {"x.asr", "--help"}}) {
    ParsedCommandLine p = parse(args);
    EXPECT_FALSE(p.invocation.has_value());
    EXPECT_EQ(p.exit_code, 0);
    EXPECT_NE(p.out.find("Usage:"), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("EXAMPLES"), std::string::npos);
    EXPECT_NE(p.out.find("asrc build"), std::string::npos);
    EXPECT_NE(p.out.find("asrc run"), std::string::npos);
  }
  ParsedCommandLine v = parse({"--version"});
  EXPECT_FALSE(v.invocation.has_value());
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out, version_line() + "\n");
  EXPECT_EQ(version_line().rfind("asrc ", 0), 0u);
}

TEST(DriverCli, UseColor) {
  EXPECT_TRUE(use_color(ColorMode::Always, false, "1"));
  EXPECT_FALSE(use_color(ColorMode::Never, true, nullptr));
  EXPECT_TRUE(use_color(ColorMode::Auto, true, nullptr));
  EXPECT_TRUE(use_color(ColorMode::Auto, true, ""));
  EXPECT_FALSE(use_color(ColorMode::Auto, true, "1"));
  EXPECT_FALSE(use_color(ColorMode::Auto, false, nullptr));
}

// ---- depfiles

TEST(DriverDepfile, Escaping) {
  EXPECT_EQ(make_escape("plain/path.asr"), "plain/path.asr");
  EXPECT_EQ(make_escape("a b.asr"), "a\\ b.asr");
  EXPECT_EQ(make_escape("a#b"), "a\\#b");
  EXPECT_EQ(make_escape("a$b"), "a$$b");
  EXPECT_EQ(make_escape("a\\ b"), "a\\\\\\ b");  // backslash before a space is doubled
  EXPECT_EQ(make_escape("a\\b"), "a\\b");        // other backslashes are literal
}

TEST(DriverDepfile, Text) {
  EXPECT_EQ(make_depfile("out dir/x.cpp", {"/src/x.asr", "/src/my mod.asr"}),
            "out\\ dir/x.cpp: /src/x.asr /src/my\\ mod.asr\n");
  EXPECT_EQ(make_depfile("x.cpp", {}), "x.cpp:\n");
  EXPECT_FALSE(make_depfile("x.cpp", {"a\nb"}).has_value());
}

// ---- the C++ compiler command

TEST(DriverToolchain, SplitWords) {
  EXPECT_EQ(split_words("  -O1\t-Wall \n -g "), (std::vector<std::string>{"-O1", "-Wall", "-g"}));
  EXPECT_TRUE(split_words("   ").empty());
}

TEST(DriverToolchain, CxxConfig) {
  CxxConfig def = cxx_config_from(nullptr, nullptr);
  EXPECT_EQ(def.compiler, std::vector<std::string>{"g++"});
  EXPECT_TRUE(def.flags.empty());
  EXPECT_EQ(cxx_config_from("  ", "").compiler, std::vector<std::string>{"g++"});
  CxxConfig c = cxx_config_from("ccache clang++-16", "-Wall  -fsanitize=address");
  EXPECT_EQ(c.compiler, (std::vector<std::string>{"ccache", "clang++-16"}));
  EXPECT_EQ(c.flags, (std::vector<std::string>{"-Wall", "-fsanitize=address"}));
}

TEST(DriverToolchain, CompileCommand) {
  Sdk sdk{"/sdk/include", "/sdk/lib"};
  CxxConfig cxx = cxx_config_from("g++", "-Wall");
  EXPECT_EQ(compile_command(cxx, sdk, "p.cpp", "p", false),
            (std::vector<std::string>{"g++", "-std=c++20", "-O0", "-g", "-foptimize-sibling-calls", "-I/sdk/include", "-Wall",
                                      "p.cpp", "-L/sdk/lib", "-lasr_std", "-lasr_core",
                                      "-lpthread", "-o", "p"}));
  std::vector<std::string> rel = compile_command(cxx, sdk, "p.cpp", "p", true);
  EXPECT_EQ(rel[2], "-O2");
  EXPECT_EQ(rel[3], "-DNDEBUG");
}

TEST(DriverToolchain, ExitCodeFromWaitStatus) {
  EXPECT_EQ(exit_code_from_wait_status(0), 0);
  EXPECT_EQ(exit_code_from_wait_status(3 << 8), 3);
  EXPECT_EQ(exit_code_from_wait_status(SIGKILL), 128 + SIGKILL);
}

// ---- the run cache

TEST(DriverCache, Root) {
  EXPECT_EQ(cache_root("/c", "/x", "/h", 7), "/c");
  EXPECT_EQ(cache_root(nullptr, "/x", "/h", 7), "/x/asrc");
  EXPECT_EQ(cache_root("", "/x/", "/h", 7), "/x/asrc");
  EXPECT_EQ(cache_root(nullptr, "relative", "/h", 7), "/h/.cache/asrc");
  EXPECT_EQ(cache_root(nullptr, "", "/h", 7), "/h/.cache/asrc");
  EXPECT_EQ(cache_root(nullptr, nullptr, nullptr, 7), "/tmp/asrc-cache-7");
}

TEST(DriverCache, KeyDependsOnEveryField) {
  std::vector<std::string> cmd{"g++", "-O0"};
  std::string base = cache_key("/a.asr", "int main(){}", cmd, "asrc 0.1.0", "sdk");
  EXPECT_EQ(base.size(), 32u);
  EXPECT_EQ(base.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(base, cache_key("/a.asr", "int main(){}", cmd, "asrc 0.1.0", "sdk"));
  EXPECT_NE(base, cache_key("/b.asr", "int main(){}", cmd, "asrc 0.1.0", "sdk"));
  EXPECT_NE(base, cache_key("/a.asr", "int main(){ }", cmd, "asrc 0.1.0", "sdk"));
  EXPECT_NE(base, cache_key("/a.asr", "int main(){}", {"g++", "-O2"}, "asrc 0.1.0", "sdk"));
  EXPECT_NE(base, cache_key("/a.asr", "int main(){}", {"clang++", "-O0"}, "asrc 0.1.0", "sdk"));
  EXPECT_NE(base, cache_key("/a.asr", "int main(){}", cmd, "asrc 0.2.0", "sdk"));
  EXPECT_NE(base, cache_key("/a.asr", "int main(){}", cmd, "asrc 0.1.0", "sdk2"));
  // Field boundaries matter: text moved between fields gives another key.
  EXPECT_NE(cache_key("/a", "bc", cmd, "v", "s"), cache_key("/ab", "c", cmd, "v", "s"));
  EXPECT_NE(cache_key("/a", "c", {"g++ -O0"}, "v", "s"), cache_key("/a", "c", cmd, "v", "s"));
}

// ---- files

class DriverFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "asrc-driver-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void touch(const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  }
  fs::path dir_;
};

TEST_F(DriverFiles, WriteAtomicReplacesAndLeavesNoTemporaries) {
  std::string path = (dir_ / "out.cpp").string();
  EXPECT_FALSE(write_file_atomic(path, "first").has_value());
  EXPECT_FALSE(write_file_atomic(path, "second").has_value());
  EXPECT_EQ(read(path), "second");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(DriverFiles, WriteAtomicReportsErrors) {
  EXPECT_TRUE(write_file_atomic((dir_ / "missing" / "out.cpp").string(), "x").has_value());
  EXPECT_TRUE(write_file_atomic(dir_.string(), "x").has_value());  // a directory
}

TEST_F(DriverFiles, WriteAtomicWritesDevicesInPlace) {
  EXPECT_FALSE(write_file_atomic("/dev/null", "x").has_value());
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(DriverFiles, LocateSdkInBuildTree) {
  touch(dir_ / "asr-sdk/include/asr/task.hpp");
  touch(dir_ / "asr-sdk/lib/libasr_core.a");
  fs::create_directories(dir_ / "bin");
  SdkSearch s = locate_sdk((dir_ / "bin").string(), nullptr);
  ASSERT_TRUE(s.sdk.has_value());
  EXPECT_EQ(s.sdk->include_dir, (dir_ / "asr-sdk/include").string());
  EXPECT_EQ(s.sdk->lib_dir, (dir_ / "asr-sdk/lib").string());
}

TEST_F(DriverFiles, LocateSdkInstalled) {
  touch(dir_ / "include/asr/task.hpp");
  touch(dir_ / "lib/libasr_core.a");
  fs::create_directories(dir_ / "bin");
  SdkSearch s = locate_sdk((dir_ / "bin").string(), nullptr);
  ASSERT_TRUE(s.sdk.has_value());
  EXPECT_EQ(s.sdk->include_dir, (dir_ / "include").string());
  EXPECT_EQ(s.sdk->lib_dir, (dir_ / "lib").string());
}

TEST_F(DriverFiles, LocateSdkFromEnvironmentOnly) {
  touch(dir_ / "asr-sdk/include/asr/task.hpp");
  touch(dir_ / "asr-sdk/lib/libasr_core.a");
  touch(dir_ / "env/include/asr/task.hpp");
  touch(dir_ / "env/lib/libasr_core.a");
  SdkSearch s = locate_sdk((dir_ / "bin").string(), (dir_ / "env").c_str());
  ASSERT_TRUE(s.sdk.has_value());
  EXPECT_EQ(s.sdk->lib_dir, (dir_ / "env/lib").string());
  SdkSearch bad = locate_sdk((dir_ / "bin").string(), (dir_ / "nowhere").c_str());
  EXPECT_FALSE(bad.sdk.has_value());
  EXPECT_EQ(bad.looked_in.size(), 1u);
}

TEST_F(DriverFiles, LocateSdkNotFoundListsPlaces) {
  SdkSearch s = locate_sdk((dir_ / "bin").string(), nullptr);
  EXPECT_FALSE(s.sdk.has_value());
  ASSERT_GE(s.looked_in.size(), 2u);
  EXPECT_NE(s.looked_in[0].find("asr-sdk"), std::string::npos);
}

TEST_F(DriverFiles, SdkIdentityChangesWithTheLibrary) {
  touch(dir_ / "lib/libasr_core.a");
  Sdk sdk{(dir_ / "include").string(), (dir_ / "lib").string()};
  std::string before = sdk_identity(sdk);
  std::ofstream(dir_ / "lib/libasr_core.a") << "longer contents";
  EXPECT_NE(before, sdk_identity(sdk));
}

TEST_F(DriverFiles, RunCapturedAndRunProgram) {
  Captured c = run_captured({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(c.started);
  EXPECT_EQ(c.exit_code, 3);
  EXPECT_EQ(c.output, "out\nerr\n");
  EXPECT_FALSE(run_captured({"/nonexistent/cxx"}).started);

  std::string err;
  EXPECT_EQ(run_program("/bin/sh", {"-c", "exit 5"}, err), 5);
  EXPECT_EQ(run_program("/bin/sh", {"-c", "kill -TERM $$"}, err), 128 + SIGTERM);
  EXPECT_FALSE(run_program("/nonexistent/prog", {}, err).has_value());
  EXPECT_FALSE(err.empty());
}

}  // namespace
}  // namespace asr::driver
