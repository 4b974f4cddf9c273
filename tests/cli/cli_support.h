// Running the built `lu` as a user does, for the CLI tests: its exit code and
// everything it printed, and scratch files under the test's temporary folder.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace lu::cli {

struct Outcome {
    int code;
    std::string out; // stdout and stderr
};

inline Outcome lu(const std::string &args) {
    const std::string cmd = std::string(LU_BIN) + " " + args + " 2>&1";
    Outcome r{-1, ""};
    FILE *f = popen(cmd.c_str(), "r");
    if (!f) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(f);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// A path of the running test's own: tests run in parallel and share TempDir().
inline std::string temp_path(const std::string &name) {
    const auto *t = ::testing::UnitTest::GetInstance()->current_test_info();
    return ::testing::TempDir() + "lu-" + t->test_suite_name() + "." + t->name() + "-" + name;
}

inline std::string temp_file(const std::string &name, const std::string &text) {
    const std::string path = temp_path(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

inline std::string slurp(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The built `lu` as it names itself in the commands it prints (not on PATH).
inline std::string lu_path() { return std::filesystem::canonical(LU_BIN).string(); }

// The source tree (this header is tests/cli/cli_support.h in it).
inline std::filesystem::path source_dir() {
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

} // namespace lu::cli
