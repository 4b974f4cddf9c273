// The `lu` command as a user meets it: exit codes (0 pass, 1 failure, 2 bad
// input; under a file's `# expect:`, 0 as expected and 1 not), file:line:col
// errors for a broken reproducer, a signature or a program past its work
// budget, schedules that must fit the run they replay, and the SUMMARY line
// with a replay command that runs as printed; the messages for a thread past
// the limit, a byte-order mark and an empty bug name; explore's run cap; the
// README's package lists against ./x.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
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

TEST(LuCli, InconclusiveReplayIsNeitherPassNorFailure) {
    const std::string path = temp_file("inconclusive.lu", "# lu-repro v1\nf0 = file_open()\n"
                                                          "file_preserve(f0)\n"
                                                          "d0 = domain_alloc(f0)\n"
                                                          "d1 = domain_alloc(f0)\n"
                                                          "concurrent {\n"
                                                          "  t0: domain_preserve(d0)\n"
                                                          "  t1: domain_preserve(d1)\n"
                                                          "}\n");
    EXPECT_EQ(lu("replay " + path).code, 0);
    Outcome r = lu("replay " + path + " --linearize-budget 1");
    EXPECT_EQ(r.code, 3) << r.out;
    EXPECT_NE(r.out.find("inconclusive"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("SUMMARY"), std::string::npos) << r.out;
    EXPECT_EQ(lu("replay " + path + " --linearize-budget 0").code, 2);
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
    EXPECT_NE(r.out.find("replay: " + lu_path() + " replay " + path +
                         " --trace\nSUMMARY: lu: "
                         "differential:domain_preserve in " +
                         path + " step 3, suspect "),
              std::string::npos)
        << r.out;
    // The detail names no line: the suspects, best first, and the first in
    // the SUMMARY line.
    const size_t first = r.out.find("\nsuspect 1: ");
    ASSERT_NE(first, std::string::npos) << r.out;
    const std::string line = r.out.substr(first + 12, r.out.find(" (Ochiai", first) - first - 12);
    EXPECT_NE(line.find("() at drivers/iommu/"), std::string::npos) << line;
    EXPECT_NE(r.out.find("step 3, suspect " + line + " [sut: "), std::string::npos) << r.out;
    EXPECT_EQ(lu("replay " + path + " --bugs fixed").code, 0);
    // A fatal event's SUMMARY names the series' line it came from.
    const std::string twice = temp_file("twice.lu", "# lu-repro v1\n# bugs: finish_double_put\n"
                                                    "f0 = file_open()\nfile_preserve(f0)\n"
                                                    "kexec()\nfile_finish(f0)\n");
    Outcome t = lu("replay " + twice);
    EXPECT_EQ(t.code, 1) << t.out;
    EXPECT_NE(t.out.find("SUMMARY: lu: fatal-mem:file_finish in " + twice +
                         " step 3, from put_chain() at drivers/iommu/liveupdate_flb.c:"),
              std::string::npos)
        << t.out;
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

TEST(LuCli, ThreadPastTheLimitNamesTheLimit) {
    const std::string head = "# lu-repro v1\nf0 = file_open()\nd0 = domain_alloc(f0)\n"
                             "d1 = domain_alloc(f0)\nconcurrent {\n  t0: domain_preserve(d0)\n";
    for (const std::string t : {"t8", "t12345", "t99999999999"}) {
        const std::string path =
            temp_file("threads.lu", head + "  " + t + ": domain_preserve(d1)\n}\n");
        Outcome r = lu("replay " + path);
        EXPECT_EQ(r.code, 2) << r.out;
        EXPECT_NE(r.out.find(path + ":7:3: thread " + t + " is past the 8-thread limit"),
                  std::string::npos)
            << r.out;
    }
    const std::string path = temp_file(
        "sched.lu", head + "  t1: domain_preserve(d1)\n}\nschedule: t0:start t12345:start\n");
    Outcome r = lu("replay " + path);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(path + ":9:20: thread t12345 is past the 8-thread limit"),
              std::string::npos)
        << r.out;
}

TEST(LuCli, ByteOrderMarkIsNamed) {
    const std::string path =
        temp_file("bom.lu", "\xef\xbb\xbf# lu-repro v1\nf0 = file_open()\nfile_preserve(f0)\n");
    Outcome r = lu("replay " + path);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(path + ":1:1: the file starts with a UTF-8 byte-order mark"),
              std::string::npos)
        << r.out;
}

TEST(LuCli, EmptyBugNameIsRejected) {
    const std::string path = temp_file("ok.lu", "# lu-repro v1\nf0 = file_open()\n");
    for (const std::string spec : {",", "v2,", ",,nr_no_inc", "v2,,nr_no_inc"}) {
        for (const std::string &cmd :
             {"replay " + path + " --bugs '" + spec + "'",
              "check --programs 1 --bugs '" + spec + "'", "demo --bugs '" + spec + "'"}) {
            Outcome r = lu(cmd);
            EXPECT_EQ(r.code, 2) << cmd << "\n" << r.out;
            EXPECT_NE(r.out.find("--bugs: '" + spec + "' has an empty name"), std::string::npos)
                << cmd << "\n"
                << r.out;
        }
    }
}

// Two threads, each preserving its own domain: passes, with few interleavings.
const std::string kTwoPreservers = "# lu-repro v1\nf0 = file_open()\nfile_preserve(f0)\n"
                                   "d0 = domain_alloc(f0)\nd1 = domain_alloc(f0)\nconcurrent {\n"
                                   "  t0: domain_preserve(d0)\n  t1: domain_preserve(d1)\n}\n";

TEST(LuCli, ExploreRunCapIsReportedAsIncomplete) {
    const std::string path = temp_file("two.lu", kTwoPreservers);
    Outcome zero = lu("explore " + path + " --max-runs 0");
    EXPECT_EQ(zero.code, 2) << zero.out;
    EXPECT_NE(zero.out.find("--max-runs"), std::string::npos) << zero.out;

    Outcome full = lu("explore " + path + " --naive");
    ASSERT_EQ(full.code, 0) << full.out;
    EXPECT_NE(full.out.find("fewer schedules"), std::string::npos) << full.out;
    EXPECT_EQ(full.out.find("incomplete"), std::string::npos) << full.out;

    Outcome capped = lu("explore " + path + " --naive --max-runs 1");
    EXPECT_EQ(capped.code, 3) << capped.out;
    EXPECT_NE(capped.out.find("naive:   1 schedule(s) explored (incomplete: stopped at "
                              "--max-runs 1)"),
              std::string::npos)
        << capped.out;
    EXPECT_NE(capped.out.find("explore: incomplete: --max-runs 1 stopped it"), std::string::npos)
        << capped.out;
    EXPECT_NE(capped.out.find("no reduction ratio"), std::string::npos) << capped.out;
    EXPECT_EQ(capped.out.find("fewer schedules"), std::string::npos) << capped.out;
}

TEST(LuCli, ReplayHintRunsAsPrinted) {
    // A name the shell would split, and a PATH without `lu`: the printed
    // command must still replay the same failure.
    const std::string path = temp_file("dp hint's.lu", "# lu-repro v1\n# bugs: v2_double_preserve\n"
                                                       "f0 = file_open()\nd0 = domain_alloc(f0)\n"
                                                       "file_preserve(f0)\ndomain_preserve(d0)\n");
    Outcome r = lu("replay '" + std::regex_replace(path, std::regex("'"), "'\\''") + "'");
    ASSERT_EQ(r.code, 1) << r.out;
    const size_t at = r.out.find("\nreplay: ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const std::string hint = r.out.substr(at + 9, r.out.find('\n', at + 1) - at - 9);
    EXPECT_EQ(hint.rfind(lu_path() + " replay ", 0), 0u) << hint;
    const std::string script = temp_file("hint.sh", "PATH=/nonexistent\n" + hint + "\n");
    FILE *f = popen(("/bin/sh " + script + " 2>&1").c_str(), "r");
    ASSERT_NE(f, nullptr);
    std::string out;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    const int status = pclose(f);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << hint << "\n" << out;
    EXPECT_NE(out.find("SUMMARY: lu: differential:domain_preserve in " + path), std::string::npos)
        << hint << "\n"
        << out;
}

// The words of the first ``` block after @marker in @text.
std::set<std::string> block_words(const std::string &text, const std::string &marker) {
    const size_t m = text.find(marker);
    if (m == std::string::npos) return {};
    const size_t open = text.find("```\n", m), close = text.find("```", open + 4);
    std::istringstream words(text.substr(open + 4, close - open - 4));
    std::set<std::string> out;
    for (std::string w; words >> w;) out.insert(w);
    return out;
}

// The words of `NAME=(...)` in the ./x script, its comments left out.
std::set<std::string> x_array(const std::string &x, const std::string &name) {
    const size_t start = x.find("\n" + name + "=(");
    if (start == std::string::npos) return {};
    std::set<std::string> out;
    std::istringstream lines(x.substr(start + name.size() + 3));
    for (std::string line; std::getline(lines, line);) {
        const std::string code = line.substr(0, line.find('#'));
        const size_t close = code.find(')');
        std::istringstream words(code.substr(0, close));
        for (std::string w; words >> w;) out.insert(w);
        if (close != std::string::npos) break;
    }
    return out;
}

TEST(LuDocs, ReadmePackageListsAreThoseOfX) {
    const std::string x = slurp(source_dir() / "x"), readme = slurp(source_dir() / "README.md");
    const std::set<std::string> packages = x_array(x, "PACKAGES"),
                                browser = x_array(x, "BROWSER_PACKAGES");
    ASSERT_FALSE(packages.empty()) << "no PACKAGES=( in x";
    ASSERT_FALSE(browser.empty()) << "no BROWSER_PACKAGES=( in x";
    EXPECT_EQ(block_words(readme, "with these packages"), packages);
    EXPECT_EQ(block_words(readme, "optionally, these"), browser);
    // `./x run` installs PACKAGES only: the browser's stay out of it.
    for (const std::string &p : browser) EXPECT_EQ(packages.count(p), 0u) << p;
}

} // namespace
} // namespace lu::cli
