// The `lu` command as a user meets it: exit codes (0 pass, 1 failure, 2 bad
// input), file:line:col errors for a broken reproducer, and the SUMMARY line.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace {

struct Outcome {
    int code;
    std::string out; // stdout and stderr
};

Outcome lu(const std::string &args) {
    const std::string cmd = std::string(LU_BIN) + " " + args + " 2>&1";
    Outcome r{-1, ""};
    FILE *f = popen(cmd.c_str(), "r");
    if (!f) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) r.out.append(buf.data(), n);
    int status = pclose(f);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string temp_file(const std::string &name, const std::string &text) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
}

TEST(LuCli, BrokenReproducerIsBadInputWithLineAndColumn) {
    const std::string path =
        temp_file("broken.lu", "# lu-repro v1\nf0 = file_open()\nd0 = domain_alloc(f0\n");
    Outcome r = lu("replay " + path);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find(path + ":3:21: "), std::string::npos) << r.out;
}

TEST(LuCli, MissingFileIsBadInput) {
    Outcome r = lu("replay /nonexistent/x.lu");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("/nonexistent/x.lu"), std::string::npos) << r.out;
}

TEST(LuCli, UnknownBugIsBadInput) {
    Outcome r = lu("check --programs 1 --bugs no_such_bug");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("no_such_bug"), std::string::npos) << r.out;
}

TEST(LuCli, ReplayOfAFailureEndsWithSummaryAndReplayCommand) {
    const std::string path = temp_file("dp.lu", "# lu-repro v1\n# bugs: v2_double_preserve\n"
                                                "f0 = file_open()\nd0 = domain_alloc(f0)\n"
                                                "file_preserve(f0)\ndomain_preserve(d0)\n");
    Outcome r = lu("replay " + path);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("replay: lu replay " + path +
                         " --trace\nSUMMARY: lu: "
                         "differential:domain_preserve in " +
                         path + " step 3\n"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(lu("replay " + path + " --bugs fixed").code, 0);
}

TEST(LuCli, CheckPassesOnFixedAndFindsV2) {
    EXPECT_EQ(lu("check --programs 200").code, 0);
    const std::string out = ::testing::TempDir() + "lu-out";
    Outcome r = lu("check --programs 200 --bugs v2 --out " + out);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("\nSUMMARY: lu: "), std::string::npos) << r.out;
}

TEST(LuCli, MinimizeWritesAReproducerThatReplays) {
    const std::string in = temp_file("big.lu", "# lu-repro v1\nf0 = file_open()\nu0 = unit_add()\n"
                                               "d0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                                               "d1 = domain_alloc(f0)\ndomain_churn(d1, 130)\n");
    const std::string out = ::testing::TempDir() + "small.lu";
    Outcome r = lu("minimize " + in + " -o " + out + " --bugs cap_gt");
    EXPECT_EQ(r.code, 1) << r.out;
    Outcome again = lu("replay " + out);
    EXPECT_EQ(again.code, 1) << again.out;
    EXPECT_NE(again.out.find("as expected"), std::string::npos) << again.out;
}

} // namespace
