// The `lu` command as a user meets it: exit codes (0 pass, 1 failure, 2 bad
// input), file:line:col errors for a broken reproducer, and the SUMMARY line.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "cli_support.h"

namespace lu::cli {
namespace {

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
                         path + " step 3 [sut: "),
              std::string::npos)
        << r.out;
    EXPECT_EQ(lu("replay " + path + " --bugs fixed").code, 0);
}

TEST(LuCli, CheckPassesOnFixedAndFindsV2) {
    EXPECT_EQ(lu("check --programs 200").code, 0);
    const std::string out = temp_path("lu-out");
    Outcome r = lu("check --programs 200 --bugs v2 --out " + out);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("\nSUMMARY: lu: "), std::string::npos) << r.out;
}

TEST(LuCli, MinimizeWritesAReproducerThatReplays) {
    const std::string in = temp_file("big.lu", "# lu-repro v1\nf0 = file_open()\nu0 = unit_add()\n"
                                               "d0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                                               "d1 = domain_alloc(f0)\ndomain_churn(d1, 130)\n");
    const std::string out = temp_path("small.lu");
    Outcome r = lu("minimize " + in + " -o " + out + " --bugs cap_gt");
    EXPECT_EQ(r.code, 1) << r.out;
    Outcome again = lu("replay " + out);
    EXPECT_EQ(again.code, 1) << again.out;
    EXPECT_NE(again.out.find("as expected"), std::string::npos) << again.out;
}

TEST(LuCli, ReplayDrawsATimelineOfTheThreads) {
    const std::string in = temp_file("race.lu", "# lu-repro v1\nf0 = file_open()\n"
                                                "file_preserve(f0)\nd0 = domain_alloc(f0)\n"
                                                "d1 = domain_alloc(f0)\nconcurrent {\n"
                                                "  t0: domain_preserve(d0)\n"
                                                "  t1: domain_preserve(d1)\n}\n"
                                                "schedule: t0:start t0:lock t1:start t1:lock\n");
    const std::string html = temp_path("race.html");
    std::remove(html.c_str());
    Outcome r = lu("replay " + in + " --timeline " + html);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("timeline: " + html), std::string::npos) << r.out;
    std::ifstream f(html);
    const std::string page((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(page.find(">thread t1</text>"), std::string::npos);
    EXPECT_NE(page.find("waits for file f0 ctx"), std::string::npos);
    EXPECT_EQ(lu("replay " + in + " --timeline /nonexistent/dir/t.html").code, 2);
}

} // namespace
} // namespace lu::cli
