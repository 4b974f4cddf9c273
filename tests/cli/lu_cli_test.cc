// The `lu` command as a user meets it: exit codes (0 pass, 1 failure, 2 bad
// input; under a file's `# expect:`, 0 as expected and 1 not), file:line:col
// errors for a broken reproducer or signature, schedules that must fit the
// run they replay, and the SUMMARY line.
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

TEST(LuCli, ProgramPastItsBudgetIsBadInputBeforeAnythingRuns) {
    // 1001 churns of 1000: about 12 s and 200 MB if it ran; refused at once.
    std::string text = "# lu-repro v1\nf0 = file_open()\nd0 = domain_alloc(f0)\n";
    for (int i = 0; i < 1001; i++) text += "domain_churn(d0, 1000)\n";
    const std::string path = temp_file("huge.lu", text);
    for (const char *cmd : {"replay ", "minimize -o /dev/null ", "encode -o /dev/null "}) {
        Outcome r = lu(cmd + path);
        EXPECT_EQ(r.code, 2) << cmd << r.out;
        EXPECT_NE(r.out.find(path + ":104:1: "), std::string::npos) << cmd << r.out;
        EXPECT_NE(r.out.find("limit of 100000"), std::string::npos) << cmd << r.out;
    }
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
    EXPECT_EQ(again.code, 0) << again.out; // it fails, as its `# expect:` says
    EXPECT_NE(again.out.find(": as expected"), std::string::npos) << again.out;
}

TEST(LuCli, ReplayDrawsATimelineOfTheThreads) {
    const std::string in = temp_file("race.lu", "# lu-repro v1\nf0 = file_open()\n"
                                                "file_preserve(f0)\nd0 = domain_alloc(f0)\n"
                                                "d1 = domain_alloc(f0)\nconcurrent {\n"
                                                "  t0: domain_preserve(d0)\n"
                                                "  t1: domain_preserve(d1)\n}\n"
                                                "schedule: t0:start t0:lock t1:start t1:lock "
                                                "t0:unlock\n");
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

const std::string kDoublePreserve = "f0 = file_open()\nd0 = domain_alloc(f0)\n"
                                    "file_preserve(f0)\ndomain_preserve(d0)\n";

TEST(LuCli, ReplayExitCodeFollowsTheFilesExpectation) {
    const std::string head = "# lu-repro v1\n# bugs: v2_double_preserve\n";
    const std::string met = temp_file(
        "met.lu", head + "# expect: fail differential:domain_preserve\n" + kDoublePreserve);
    Outcome r = lu("replay " + met);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("expected: fail differential:domain_preserve: as expected"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("SUMMARY:"), std::string::npos) << r.out;

    for (const std::string expect : {"pass", "fail I4-slot:domain_preserve"}) {
        const std::string other =
            temp_file("unmet.lu", head + "# expect: " + expect + "\n" + kDoublePreserve);
        Outcome u = lu("replay " + other);
        EXPECT_EQ(u.code, 1) << u.out;
        EXPECT_NE(u.out.find("NOT as expected"), std::string::npos) << u.out;
        EXPECT_NE(u.out.find("SUMMARY: lu: differential:domain_preserve"), std::string::npos)
            << u.out;
    }
    // A failure expected, a pass found.
    const std::string passes =
        temp_file("passes.lu",
                  "# lu-repro v1\n# expect: fail differential:domain_preserve\n" + kDoublePreserve);
    Outcome p = lu("replay " + passes);
    EXPECT_EQ(p.code, 1) << p.out;
    EXPECT_NE(p.out.find("NOT as expected"), std::string::npos) << p.out;
    // --bugs overrides the header: the expectation is not judged, a pass is 0.
    EXPECT_EQ(lu("replay " + met + " --bugs fixed").code, 0);
}

TEST(LuCli, ExpectedSignatureIsCheckedWithLineAndColumn) {
    struct Case {
        std::string line, where, what;
    };
    const Case cases[] = {
        {"# expect: fail differential:domain_presrve", ":2:29: ", "unknown op 'domain_presrve'"},
        {"#  expect:   fail crash:BUG@kho", ":2:19: ", "unknown failure kind 'crash'"},
        {"# expect: fail fault-calls:domain_churn:kho_nope",
         ":2:41: ", "unknown fault site 'kho_nope'"},
        {"# expect: fail differential", ":2:16: ", "kind:op or kind:op:site"},
        {"# expect: fail event-nothing:domain_preserve", ":2:16: ", "unknown failure kind"},
    };
    for (const Case &c : cases) {
        const std::string path =
            temp_file("sig.lu", "# lu-repro v1\n" + c.line + "\n" + kDoublePreserve);
        Outcome r = lu("replay " + path);
        EXPECT_EQ(r.code, 2) << c.line << "\n" << r.out;
        EXPECT_NE(r.out.find(path + c.where), std::string::npos) << c.line << "\n" << r.out;
        EXPECT_NE(r.out.find(c.what), std::string::npos) << c.line << "\n" << r.out;
        EXPECT_EQ(lu("minimize " + path + " -o " + temp_path("sig-min.lu")).code, 2) << c.line;
    }
    const std::string good =
        temp_file("good.lu", "# lu-repro v1\n# expect: fail fatal-oops:end\n" + kDoublePreserve);
    EXPECT_EQ(lu("replay " + good).code, 1) << "a well-formed signature, not met";
}

TEST(LuCli, ScheduleThatDoesNotFitTheRunIsBadInput) {
    const std::string prog = "# lu-repro v1\nf0 = file_open()\n"
                             "file_preserve(f0)\nd0 = domain_alloc(f0)\n"
                             "d1 = domain_alloc(f0)\nconcurrent {\n"
                             "  t0: domain_preserve(d0)\n"
                             "  t1: domain_preserve(d1)\n}\n";
    const std::string fits = "t0:start t0:lock t1:start t1:lock t0:unlock";
    Outcome ok = lu("replay " + temp_file("fits.lu", prog + "schedule: " + fits + "\n"));
    EXPECT_EQ(ok.code, 0) << ok.out;
    // A prefix fits: the lowest runnable thread goes on from where it stops.
    Outcome prefix = lu("replay " + temp_file("prefix.lu", prog + "schedule: t0:start t0:lock\n"));
    EXPECT_EQ(prefix.code, 0) << prefix.out;

    struct Case {
        std::string schedule, why;
    };
    const Case cases[] = {
        {fits + " t1:unlock", "it has 6 choices, the run made only 5"},
        {"t5:start t0:lock t1:start t1:lock t0:unlock",
         "choice 1 (t5:start) names a thread the block does not have (t0..t1)"},
        {"t0:start t0:unlock t1:start t1:lock t0:unlock",
         "choice 2 (t0:unlock): the thread is at another point (t0:lock)"},
    };
    for (const Case &c : cases) {
        const std::string path = temp_file("misfit.lu", prog + "schedule: " + c.schedule + "\n");
        Outcome r = lu("replay " + path);
        EXPECT_EQ(r.code, 2) << c.schedule << "\n" << r.out;
        EXPECT_NE(r.out.find(path + ": schedule of the block at line 6 does not fit: " + c.why),
                  std::string::npos)
            << c.schedule << "\n"
            << r.out;
        // What to write instead: the schedule the run made.
        EXPECT_NE(r.out.find("\nschedule: t0:start"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find(": pass"), std::string::npos) << r.out;
    }
}

} // namespace
} // namespace lu::cli
