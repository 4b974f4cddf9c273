// `lu nightly` and `lu mutants` as a team runs them: a clean run's reports,
// a seeded bug's reproducer that replays, an interrupted run that keeps its
// report and reproducers (and its own exit code when clean), a worker that
// dies, an output directory or reports that cannot be written, two runs on
// one output directory, a parent killed under its workers, bad usage, and the
// scoreboard's JSON.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

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

// `lu` started in the background with its output in @log; its pid.
pid_t start_lu(const std::vector<std::string> &args, const std::string &log) {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char *> argv{const_cast<char *>(LU_BIN)};
    for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    execv(LU_BIN, argv.data());
    _exit(127);
}

// The exit code of @pid, or -1 when it did not exit.
int wait_exit(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The live children of @parent that catch SIGTERM (nightly workers that are
// ready to stop cleanly).
std::vector<pid_t> ready_workers(pid_t parent) {
    std::vector<pid_t> out;
    for (const auto &e : fs::directory_iterator("/proc")) {
        const std::string name = e.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = slurp(e.path() / "stat");
        const size_t paren = stat.rfind(')');
        if (paren == std::string::npos) continue;
        char state = 0;
        long ppid = 0;
        if (std::sscanf(stat.c_str() + paren + 1, " %c %ld", &state, &ppid) != 2) continue;
        if (ppid != parent || state == 'Z') continue;
        std::istringstream status(slurp(e.path() / "status"));
        for (std::string line; std::getline(status, line);)
            if (line.rfind("SigCgt:", 0) == 0 &&
                (std::stoull(line.substr(7), nullptr, 16) >> (SIGTERM - 1)) & 1)
                out.push_back(pid_t(std::stol(name)));
    }
    return out;
}

// Wait (for at most a minute, so a broken build cannot hang the suite) until
// @parent has @n workers ready.
std::vector<pid_t> wait_for_workers(pid_t parent, size_t n) {
    std::vector<pid_t> kids;
    for (int i = 0; i < 600 && kids.size() < n; i++) {
        usleep(100 * 1000);
        kids = ready_workers(parent);
    }
    return kids;
}

TEST(LuNightly, CleanRunWritesEveryReport) {
    const std::string d = fresh_dir("nightly-clean");
    Outcome r = lu("nightly --budget 3s --jobs 2 --seed 7 --out " + d);
    ASSERT_EQ(r.code, 0) << r.out;
    const json rep = json::parse(slurp(d + "/report.json"));
    EXPECT_EQ(rep["state"], "finished");
    EXPECT_EQ(rep["seed"], "0x7");
    EXPECT_TRUE(rep["worker_failures"].empty());
    ASSERT_EQ(rep["workers"].size(), 2u);
    for (const auto &w : rep["workers"]) EXPECT_EQ(w["status"], "exited 0") << w;
    ASSERT_EQ(rep["families"].size(), 5u);
    for (const auto &f : rep["families"]) {
        EXPECT_GT(f["programs"].get<int>(), 0) << f;
        EXPECT_TRUE(f.contains("inconclusive")) << f; // counted apart from failures
    }
    EXPECT_TRUE(rep["failures"].empty());
    const std::string junit = slurp(d + "/junit.xml");
    EXPECT_NE(junit.find("name=\"concurrent_pct\""), std::string::npos) << junit;
    EXPECT_EQ(junit.find("<failure"), std::string::npos) << junit;
    EXPECT_NE(junit.find("<property name=\"seed\" value=\"0x7\"/>"), std::string::npos) << junit;
    EXPECT_NE(slurp(d + "/summary.md").find("No new failures."), std::string::npos);
    EXPECT_NE(r.out.find("rerun: " + lu_path() + " nightly --seed 0x7"), std::string::npos)
        << r.out;
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
    // The message quotes the reproducer's own step and handles.
    const std::string detail = f["detail"];
    ASSERT_EQ(detail.rfind("step ", 0), 0u) << detail;
    const size_t k = std::stoul(detail.substr(5));
    const std::string step = detail.substr(detail.find(": ") + 2);
    std::vector<std::string> statements;
    std::istringstream lines(slurp(f["reproducer"]));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] != '#') statements.push_back(line);
    ASSERT_LT(k, statements.size()) << detail;
    EXPECT_EQ(step.rfind(statements[k] + ": ", 0), 0u) << detail << "\nvs " << statements[k];
    // The reproducer's suspect lines, and the one the SUMMARY names.
    ASSERT_FALSE(f["suspects"].empty()) << f;
    for (const json &s : f["suspects"])
        EXPECT_NE(s.get<std::string>().find("() at drivers/iommu/"), std::string::npos) << s;
    EXPECT_EQ(f["points_at"], "suspect " + f["suspects"][0].get<std::string>()) << f;
    const std::string summary = r.out.substr(r.out.find("SUMMARY: lu: "));
    EXPECT_TRUE(summary.find(", suspect ") != std::string::npos ||
                summary.find(", from ") != std::string::npos)
        << summary;
    const std::string repro = f["reproducer"];
    Outcome again = lu("replay " + repro);
    EXPECT_EQ(again.code, 0) << again.out; // it fails, as its `# expect:` says
    EXPECT_NE(again.out.find(": as expected"), std::string::npos) << again.out;
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

TEST(LuNightly, SeedIsWrittenAsTheBannerPrintsIt) {
    // Past 2^53: a JSON number would come back rounded from most readers.
    const std::string d = fresh_dir("nightly-seed");
    Outcome r =
        lu("nightly --budget 1s --families sequential --seed 0xfedcba9876543211 --out " + d);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("seed 0xfedcba9876543211,"), std::string::npos) << r.out;
    const json rep = json::parse(slurp(d + "/report.json"));
    EXPECT_EQ(rep["seed"], "0xfedcba9876543211");
    EXPECT_EQ(std::stoull(rep["seed"].get<std::string>(), nullptr, 16), 0xfedcba9876543211ull);
    EXPECT_NE(
        slurp(d + "/junit.xml").find("<property name=\"seed\" value=\"0xfedcba9876543211\"/>"),
        std::string::npos);
}

TEST(LuNightly, KilledWorkerFailsTheRun) {
    const std::string d = fresh_dir("nightly-kill"), log = temp_path("nightly-kill.log");
    const pid_t pid =
        start_lu({"nightly", "--budget", "10m", "--jobs", "2", "--seed", "7", "--out", d}, log);
    ASSERT_GE(pid, 0);
    const std::vector<pid_t> kids = wait_for_workers(pid, 2);
    if (kids.size() == 2) {
        kill(kids[0], SIGKILL);
        kill(kids[1], SIGTERM); // stops cleanly: the run ends without an interruption
    } else {
        kill(pid, SIGKILL);
    }
    const int code = wait_exit(pid);
    const std::string out = slurp(log);
    ASSERT_EQ(kids.size(), 2u) << out;
    EXPECT_EQ(code, 4) << out;
    EXPECT_EQ(out.find("clean"), std::string::npos) << out;
    EXPECT_NE(out.find("worker 0 (pid " + std::to_string(kids[0]) + ") killed by signal 9"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("SUMMARY: lu: worker-died in " + d), std::string::npos) << out;
    const json rep = json::parse(slurp(d + "/report.json"));
    EXPECT_EQ(rep["state"], "incomplete");
    ASSERT_EQ(rep["worker_failures"].size(), 1u) << rep;
    EXPECT_EQ(rep["worker_failures"][0]["worker"], 0);
    EXPECT_EQ(rep["worker_failures"][0]["pid"], kids[0]);
    EXPECT_NE(rep["worker_failures"][0]["status"].get<std::string>().find("killed by signal 9"),
              std::string::npos);
    ASSERT_EQ(rep["workers"].size(), 2u);
    EXPECT_EQ(rep["workers"][1]["status"], "exited 0");
    const std::string junit = slurp(d + "/junit.xml");
    EXPECT_NE(junit.find("classname=\"lu.nightly.worker\" name=\"worker 0\"><failure"),
              std::string::npos)
        << junit;
}

TEST(LuNightly, InterruptedCleanRunHasItsOwnExitCode) {
    const std::string d = fresh_dir("nightly-int-clean"), log = temp_path("nightly-int.log");
    const pid_t pid = start_lu({"nightly", "--budget", "10m", "--out", d}, log);
    ASSERT_GE(pid, 0);
    // Its workers are ready, so the parent has its SIGINT handler.
    const bool ready = wait_for_workers(pid, 1).size() == 1;
    kill(pid, ready ? SIGINT : SIGKILL);
    const int code = wait_exit(pid);
    const std::string out = slurp(log);
    ASSERT_TRUE(ready) << out;
    EXPECT_EQ(code, 3) << out;
    EXPECT_NE(out.find("lu nightly: interrupted, no failures; reports in " + d), std::string::npos)
        << out;
    const json rep = json::parse(slurp(d + "/report.json"));
    EXPECT_EQ(rep["state"], "interrupted");
    EXPECT_TRUE(rep["failures"].empty());
    EXPECT_TRUE(rep["worker_failures"].empty());
}

TEST(LuNightly, HelpNamesItsExitCodes) {
    Outcome r = lu("nightly --help");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("3 interrupted"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("4 a worker process died"), std::string::npos) << r.out;
}

TEST(LuNightly, UnwritableOutIsFoundAtStart) {
    // Root writes through permission bits: a directory that no one can
    // create files in (a process's /proc entry) stands in for repro/.
    const std::string d = fresh_dir("nightly-unwritable");
    fs::create_directories(d);
    fs::create_directory_symlink("/proc/self", d + "/repro");
    Outcome r = lu("nightly --budget 1s --families sequential --out " + d);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("cannot write in " + d + "/repro: No such file or directory"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("rerun:"), std::string::npos) << "no run starts: " << r.out;
    EXPECT_FALSE(fs::exists(d + "/report.json"));
}

TEST(LuNightly, ReportsThatCannotBeWrittenFailTheRun) {
    const std::string d = fresh_dir("nightly-noreport");
    fs::create_directories(d + "/report.json"); // a directory where the report goes
    Outcome r = lu("nightly --budget 1s --families sequential --out " + d);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("cannot write " + d + "/report.json: Is a directory"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find(".tmp"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("reports in"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("the reports could not be written to " + d), std::string::npos) << r.out;
    // Found before the run: the first reports are written before any worker starts.
    EXPECT_EQ(r.out.find("rerun:"), std::string::npos) << r.out;
}

TEST(LuNightly, SecondRunOnTheSameOutIsRefused) {
    const std::string d = fresh_dir("nightly-lock"), log = temp_path("nightly-lock.log");
    const pid_t first = start_lu({"nightly", "--budget", "10m", "--out", d}, log);
    ASSERT_GE(first, 0);
    const bool ready = wait_for_workers(first, 1).size() == 1;
    Outcome second = lu("nightly --budget 1s --families sequential --out " + d);
    kill(first, ready ? SIGINT : SIGKILL);
    const int code = wait_exit(first);
    ASSERT_TRUE(ready) << slurp(log);
    EXPECT_EQ(second.code, 2) << second.out;
    EXPECT_NE(second.out.find("--out: " + d + " is in use by another lu nightly run (pid " +
                              std::to_string(first) + ","),
              std::string::npos)
        << second.out;
    EXPECT_EQ(second.out.find("rerun:"), std::string::npos) << "no run starts: " << second.out;
    // The first run is undisturbed, and once it is over the directory is free.
    EXPECT_EQ(code, 3) << slurp(log);
    EXPECT_EQ(json::parse(slurp(d + "/report.json"))["state"], "interrupted");
    Outcome third = lu("nightly --budget 1s --families sequential --out " + d);
    EXPECT_EQ(third.code, 0) << third.out;
}

TEST(LuNightly, KilledParentTakesItsWorkersAlong) {
    // The workers' new parent is this test (a subreaper), so that how they
    // ended can be read: by the parent-death signal (SIGTERM), not by a later
    // write into a pipe no one reads.
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    const std::string d = fresh_dir("nightly-orphans"), log = temp_path("nightly-orphans.log");
    const pid_t pid = start_lu({"nightly", "--budget", "10m", "--jobs", "2", "--out", d}, log);
    ASSERT_GE(pid, 0);
    const std::vector<pid_t> kids = wait_for_workers(pid, 2);
    // The workers are forked after the first reports are written.
    const bool had_report = fs::exists(d + "/report.json");
    const std::string report = had_report ? slurp(d + "/report.json") : "";
    kill(pid, SIGKILL);
    wait_exit(pid);
    std::vector<int> status(kids.size(), -1);
    // Bounded: a worker that outlives its parent fails the test, not hangs it.
    for (size_t k = 0; k < kids.size(); k++) {
        for (int i = 0; i < 600 && status[k] == -1; i++) {
            int st = 0;
            if (waitpid(kids[k], &st, WNOHANG) == kids[k])
                status[k] = st;
            else
                usleep(100 * 1000);
        }
        if (status[k] == -1) {
            kill(kids[k], SIGKILL);
            waitpid(kids[k], nullptr, 0);
        }
    }
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    ASSERT_EQ(kids.size(), 2u) << slurp(log);
    ASSERT_TRUE(had_report);
    EXPECT_EQ(json::parse(report)["state"], "running") << report;
    for (size_t k = 0; k < kids.size(); k++) {
        ASSERT_NE(status[k], -1) << "worker " << kids[k] << " outlived its parent";
        EXPECT_TRUE(WIFSIGNALED(status[k]) && WTERMSIG(status[k]) == SIGTERM)
            << "worker " << kids[k] << " ended with status " << status[k];
    }
}

TEST(LuNightly, BudgetAndBugsMessages) {
    Outcome zero = lu("nightly --budget 0s --out " + fresh_dir("nightly-zero"));
    EXPECT_EQ(zero.code, 2) << zero.out;
    EXPECT_NE(zero.out.find("--budget: must be more than zero, got '0s'"), std::string::npos)
        << zero.out;
    EXPECT_EQ(zero.out.find("is not a duration"), std::string::npos) << zero.out;
    Outcome comma = lu("nightly --budget 1s --bugs , --out " + fresh_dir("nightly-comma"));
    EXPECT_EQ(comma.code, 2) << comma.out;
    EXPECT_NE(comma.out.find("--bugs: ',' has an empty name"), std::string::npos) << comma.out;
    Outcome mutants = lu("mutants --budget-per-bug 0 --out " + fresh_dir("mutants-zero"));
    EXPECT_EQ(mutants.code, 2) << mutants.out;
    EXPECT_NE(mutants.out.find("must be more than zero"), std::string::npos) << mutants.out;
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
        Outcome again = lu("replay " + b["reproducer"].get<std::string>());
        EXPECT_EQ(again.code, 0) << again.out; // it fails, as its `# expect:` says
        EXPECT_NE(again.out.find(": as expected"), std::string::npos) << again.out;
    }
    EXPECT_EQ(j["killed"], 2);
}

TEST(LuMutants, BadBudgetIsExitTwo) { EXPECT_EQ(lu("mutants --budget-per-bug x").code, 2); }

} // namespace
} // namespace lu::cli
