// `lu nightly` and `lu mutants` as a team runs them: a clean run's reports,
// a seeded bug's reproducer that replays, an interrupted run that keeps its
// report and reproducers, bad usage, and the scoreboard's JSON.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli_support.h"

namespace lu::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string fresh_dir(const std::string &name) {
    const std::string d = temp_path(name);
    fs::remove_all(d);
    return d;
}

TEST(LuNightly, CleanRunWritesEveryReport) {
    const std::string d = fresh_dir("nightly-clean");
    Outcome r = lu("nightly --budget 3s --jobs 2 --seed 7 --out " + d);
    ASSERT_EQ(r.code, 0) << r.out;
    const json rep = json::parse(slurp(d + "/report.json"));
    EXPECT_EQ(rep["state"], "finished");
    EXPECT_EQ(rep["seed"], 7);
    ASSERT_EQ(rep["families"].size(), 5u);
    for (const auto &f : rep["families"]) EXPECT_GT(f["programs"].get<int>(), 0) << f;
    EXPECT_TRUE(rep["failures"].empty());
    const std::string junit = slurp(d + "/junit.xml");
    EXPECT_NE(junit.find("name=\"concurrent_pct\""), std::string::npos) << junit;
    EXPECT_EQ(junit.find("<failure"), std::string::npos) << junit;
    EXPECT_NE(slurp(d + "/summary.md").find("No new failures."), std::string::npos);
    EXPECT_NE(r.out.find("rerun: lu nightly --seed 0x7"), std::string::npos) << r.out;
}

TEST(LuNightly, SeededBugGivesOneReproducerThatReplays) {
    const std::string d = fresh_dir("nightly-bug");
    Outcome r = lu("nightly --budget 3s --bugs nr_no_inc --families sequential --out " + d);
    ASSERT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.out.find("SUMMARY: lu: "), std::string::npos) << r.out;
    const json rep = json::parse(slurp(d + "/report.json"));
    ASSERT_FALSE(rep["failures"].empty());
    const json &f = rep["failures"][0];
    EXPECT_EQ(f["culprits"], json::array({"nr_no_inc"}));
    EXPECT_TRUE(f["minimized"].get<bool>());
    const std::string repro = f["reproducer"];
    EXPECT_EQ(lu("replay " + repro).code, 1);
    EXPECT_EQ(lu("replay " + repro + " --bugs fixed").code, 0);
    EXPECT_NE(slurp(d + "/junit.xml").find("<failure"), std::string::npos);
}

TEST(LuNightly, InterruptedRunKeepsReportAndReproducers) {
    const std::string d = fresh_dir("nightly-int");
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execl(LU_BIN, LU_BIN, "nightly", "--budget", "10m", "--bugs", "nr_no_inc", "--out",
              d.c_str(), (char *)nullptr);
        _exit(127);
    }
    // Wait (for at most a minute, so a broken build cannot hang the suite)
    // until a reproducer is on disk, then interrupt.
    bool found = false;
    for (int i = 0; i < 600 && !found; i++) {
        usleep(100 * 1000);
        found = fs::exists(d + "/repro") && !fs::is_empty(d + "/repro");
    }
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(found);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1);
    const json rep = json::parse(slurp(d + "/report.json"));
    EXPECT_EQ(rep["state"], "interrupted");
    EXPECT_LT(rep["elapsed_seconds"].get<double>(), 600);
    ASSERT_FALSE(rep["failures"].empty());
    for (const auto &f : rep["failures"])
        EXPECT_TRUE(fs::exists(f["reproducer"].get<std::string>()));
    for (const auto &e : fs::directory_iterator(d + "/repro"))
        EXPECT_EQ(e.path().extension(), ".lu") << e.path(); // no half-written file left
}

TEST(LuNightly, BadUsageIsExitTwo) {
    EXPECT_EQ(lu("nightly --budget soon").code, 2);
    EXPECT_EQ(lu("nightly --budget 1s --shard 2/2").code, 2);
    EXPECT_EQ(lu("nightly --budget 1s --families nope").code, 2);
    EXPECT_EQ(lu("nightly --budget 1s --bugs no_such_bug").code, 2);
    EXPECT_EQ(lu("nightly --budget 1s --seed 12abc").code, 2);
}

TEST(LuMutants, KillsNamedBugsAndWritesTheScoreboard) {
    const std::string d = fresh_dir("mutants");
    Outcome r = lu("mutants --bugs nr_no_inc,no_lock --budget-per-bug 5s --baseline --out " + d);
    ASSERT_EQ(r.code, 0) << r.out;
    const json j = json::parse(slurp(d + "/mutants.json"));
    ASSERT_EQ(j["bugs"].size(), 2u);
    for (const auto &b : j["bugs"]) {
        EXPECT_TRUE(b["killed"].get<bool>()) << b;
        EXPECT_TRUE(b["passes_on_fixed"].get<bool>()) << b;
        EXPECT_TRUE(b.contains("baseline")) << b;
        EXPECT_EQ(lu("replay " + b["reproducer"].get<std::string>()).code, 1);
    }
    EXPECT_EQ(j["killed"], 2);
}

TEST(LuMutants, BadBudgetIsExitTwo) { EXPECT_EQ(lu("mutants --budget-per-bug x").code, 2); }

} // namespace
} // namespace lu::cli
