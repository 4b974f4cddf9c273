// lu-check on CI engines: the KTAP that `lu nightly`, `lu check` and `lu
// replay` write, checked against the KTAP v1 grammar (ktap_validator.h);
// `lu merge` of a run split into 4 shards against the same run unsharded; and
// the GitHub Actions, GitLab CI and ClusterFuzzLite templates, parsed.
#include <gtest/gtest.h>

#include <fstream>

#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "ktap_validator.h"

namespace lu::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The repository: this file is tests/cli/lu_ci_cli_test.cc in it.
const fs::path kRepo = fs::path(__FILE__).parent_path().parent_path().parent_path();

std::string fresh_dir(const std::string &name) {
    const std::string d = temp_path(name);
    fs::remove_all(d);
    return d;
}

json read_json(const std::string &path) { return json::parse(slurp(path)); }

TEST(LuKtap, ValidatorAcceptsTheSpecsExamplesAndRejectsBrokenOnes) {
    const std::string nested = "KTAP version 1\n1..2\n"
                               "    KTAP version 1\n    1..2\n    ok 1 test_1\n"
                               "    not ok 2 test_2\n# example failed\nnot ok 1 example\n"
                               "ok 2 other # SKIP no device\n";
    EXPECT_EQ(valid_ktap(nested).size(), 2u);
    EXPECT_TRUE(rejected("1..1\nok 1 a\n"));                                // no version line
    EXPECT_TRUE(rejected("KTAP version 1\n1..2\nok 1 a\n"));                // plan says 2
    EXPECT_TRUE(rejected("KTAP version 1\n1..2\nok 1 a\nok 3 b\n"));        // numbering
    EXPECT_TRUE(rejected("KTAP version 1\n1..1\nok 1 a\nstray\n"));         // unknown line
    EXPECT_TRUE(rejected("KTAP version 1\n1..1\n  KTAP version 1\n  1..1\n" // 2-space nesting
                         "  ok 1 s\nok 1 a\n"));
    EXPECT_TRUE(rejected("KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n" // no parent
                         "    ok 1 s\n"));
    EXPECT_TRUE(rejected("KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n" // parent lies
                         "    not ok 1 s\nok 1 a\n"));
    EXPECT_TRUE(rejected("KTAP version 1\n1..1\nok 1 a # TIMEOUT 30 s\n"));
    EXPECT_TRUE(rejected("KTAP version 1\n1..1\nok 1 a")); // cut short
}

TEST(LuKtap, NightlyWritesOneTestPerFamilyAndPerFailure) {
    const std::string dir = fresh_dir("night"), ktap = dir + ".ktap";
    Outcome r = lu("nightly --seed 7 --programs 12 --budget 5m --jobs 1 --bugs v2 --out " + dir +
                   " --ktap " + ktap);
    ASSERT_EQ(r.code, 1) << r.out;
    const auto tests = valid_ktap(slurp(ktap));
    const json rep = read_json(dir + "/report.json");
    ASSERT_EQ(tests.size(), rep["families"].size() + rep["failures"].size()) << slurp(ktap);
    size_t i = 0;
    for (const json &f : rep["families"]) {
        EXPECT_EQ(tests[i].name, f["name"].get<std::string>());
        EXPECT_EQ(tests[i].ok, f["failures"].get<int>() == 0) << tests[i].name;
        i++;
    }
    for (const json &f : rep["failures"]) {
        EXPECT_EQ(tests[i].name, f["signature"].get<std::string>());
        EXPECT_FALSE(tests[i].ok);
        i++;
    }

    // A clean run passes every test.
    const std::string clean = fresh_dir("clean"), clean_ktap = clean + ".ktap";
    r = lu("nightly --seed 7 --programs 3 --budget 5m --families sequential,explore --out " +
           clean + " --ktap " + clean_ktap);
    ASSERT_EQ(r.code, 0) << r.out;
    for (const KtapResult &t : valid_ktap(slurp(clean_ktap))) EXPECT_TRUE(t.ok) << t.name;
    // An unwritable --ktap is found before the run.
    r = lu("nightly --budget 5m --out " + fresh_dir("x") + " --ktap /proc/lu-no/such.ktap");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("--ktap: cannot write in /proc/lu-no"), std::string::npos) << r.out;
}

TEST(LuKtap, CheckWritesOneSubtestPerProgramAndOneTestPerSignature) {
    const std::string ktap = temp_path("check.ktap");
    Outcome r = lu("check --seed 3 --programs 30 --bugs v2 --keep-going --out " + fresh_dir("out") +
                   " --ktap " + ktap);
    ASSERT_EQ(r.code, 1) << r.out;
    const auto tests = valid_ktap(slurp(ktap));
    ASSERT_GE(tests.size(), 2u);
    EXPECT_EQ(tests[0].name, "programs");
    EXPECT_FALSE(tests[0].ok);
    ASSERT_EQ(tests[0].subtests.size(), 30u);
    EXPECT_EQ(tests[0].subtests[0].name, "program 0");
    size_t failed = 0;
    for (const KtapResult &t : tests[0].subtests) failed += !t.ok;
    EXPECT_GE(failed, tests.size() - 1);
    for (size_t i = 1; i < tests.size(); i++) {
        EXPECT_FALSE(tests[i].ok);
        EXPECT_NE(r.out.find(tests[i].name), std::string::npos) << tests[i].name;
    }
    // On the fixed port: every program passes.
    r = lu("check --programs 20 --ktap " + ktap);
    ASSERT_EQ(r.code, 0) << r.out;
    const auto clean = valid_ktap(slurp(ktap));
    ASSERT_EQ(clean.size(), 1u);
    EXPECT_TRUE(clean[0].ok);
    EXPECT_EQ(clean[0].subtests.size(), 20u);
}

TEST(LuKtap, ReplayWritesOneSubtestPerStep) {
    const std::string steps = "f0 = file_open()\nd0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                              "domain_preserve(d0)\ndomain_preserve(d0)\nfile_unpreserve(f0)\n";
    const std::string head = "# lu-repro v1\n# bugs: v2_double_preserve\n";
    const std::string ktap = temp_path("replay.ktap");

    // Expected failure: the failing step is an XFAIL, the steps after it skipped.
    const std::string met =
        temp_file("met.lu", head + "# expect: fail differential:domain_preserve\n" + steps);
    Outcome r = lu("replay " + met + " --ktap " + ktap);
    ASSERT_EQ(r.code, 0) << r.out;
    auto tests = valid_ktap(slurp(ktap));
    ASSERT_EQ(tests.size(), 1u);
    EXPECT_TRUE(tests[0].ok);
    EXPECT_EQ(tests[0].name, met);
    ASSERT_EQ(tests[0].subtests.size(), 6u);
    EXPECT_EQ(tests[0].subtests[0].name, "step 0 f0 = file_open()");
    EXPECT_EQ(tests[0].subtests[2].directive, "");
    EXPECT_EQ(tests[0].subtests[3].directive.rfind("XFAIL", 0), 0u) << tests[0].subtests[3].name;
    for (size_t i = 4; i < 6; i++)
        EXPECT_EQ(tests[0].subtests[i].directive.rfind("SKIP", 0), 0u) << i;

    // No expectation: the failing step and the file fail.
    const std::string plain = temp_file("plain.lu", head + steps);
    r = lu("replay " + plain + " --ktap " + ktap);
    ASSERT_EQ(r.code, 1) << r.out;
    tests = valid_ktap(slurp(ktap));
    ASSERT_EQ(tests.size(), 1u);
    EXPECT_FALSE(tests[0].ok);
    EXPECT_FALSE(tests[0].subtests[3].ok);

    // On the fixed port every step passes.
    r = lu("replay " + plain + " --bugs fixed --ktap " + ktap);
    ASSERT_EQ(r.code, 0) << r.out;
    tests = valid_ktap(slurp(ktap));
    ASSERT_EQ(tests.size(), 1u);
    EXPECT_TRUE(tests[0].ok);
    for (const KtapResult &t : tests[0].subtests) EXPECT_TRUE(t.ok && t.directive.empty());
}

// ---- lu merge --------------------------------------------------------------

std::map<std::string, uint64_t> failure_counts(const json &rep) {
    std::map<std::string, uint64_t> out;
    for (const json &f : rep["failures"]) out[f["signature"]] = f["count"];
    return out;
}

std::map<std::string, std::pair<uint64_t, uint64_t>> family_tallies(const json &rep) {
    std::map<std::string, std::pair<uint64_t, uint64_t>> out;
    for (const json &f : rep["families"]) out[f["name"]] = {f["programs"], f["failures"]};
    return out;
}

// Shard I/N with J jobs runs the programs k = I + N*j (mod N*J) of worker j;
// the unsharded run with N*J jobs gives its worker I + N*j the same ones. A
// worker's findings depend on the programs it ran before (it switches a
// seeded bug off once it has that bug's reproducer), so the sound comparison
// is 4 shards of 1 job against 1 run of 4 jobs, both capped at the same
// programs per family (--programs) so that neither depends on timing.
TEST(LuMerge, FourShardsGiveTheFindingsOfTheUnshardedRun) {
    const std::string common = "nightly --seed 11 --programs 40 --budget 10m --bugs v2";
    std::vector<std::string> shard_dirs;
    std::set<std::string> union_of_shards;
    std::map<std::string, uint64_t> smallest; // signature -> fewest minimized steps in a shard
    for (int i = 0; i < 4; i++) {
        const std::string d = fresh_dir("shard" + std::to_string(i));
        Outcome r = lu(common + " --jobs 1 --shard " + std::to_string(i) + "/4 --out " + d);
        ASSERT_TRUE(r.code == 0 || r.code == 1) << r.out;
        const json rep = read_json(d + "/report.json");
        for (const json &f : rep["failures"]) {
            const std::string sig = f["signature"].get<std::string>();
            const uint64_t steps = f["steps_after"].get<uint64_t>();
            union_of_shards.insert(sig);
            auto [it, fresh] = smallest.emplace(sig, steps);
            if (!fresh) it->second = std::min(it->second, steps);
        }
        shard_dirs.push_back(d);
    }
    const std::string whole = fresh_dir("whole");
    Outcome w = lu(common + " --jobs 4 --out " + whole);
    ASSERT_EQ(w.code, 1) << w.out;

    const std::string merged = fresh_dir("merged");
    Outcome m = lu("merge " + shard_dirs[0] + " " + shard_dirs[1] + " " + shard_dirs[2] + " " +
                   shard_dirs[3] + " --out " + merged);
    ASSERT_EQ(m.code, 1) << m.out;
    // The replay hint runs as printed: the binary by its path, not `lu`.
    EXPECT_NE(m.out.find("\nreplay: " + lu_path() + " replay " + merged + "/repro/"),
              std::string::npos)
        << m.out;
    const json mj = read_json(merged + "/report.json"), wj = read_json(whole + "/report.json");
    EXPECT_EQ(failure_counts(mj), failure_counts(wj)) << m.out << w.out;
    EXPECT_EQ(family_tallies(mj), family_tallies(wj));
    EXPECT_EQ(mj["seed"], wj["seed"]);
    EXPECT_EQ(mj["state"], "finished");
    EXPECT_EQ(mj["jobs"], 4);
    std::set<std::string> merged_sigs;
    for (const auto &[sig, n] : failure_counts(mj)) merged_sigs.insert(sig);
    EXPECT_EQ(merged_sigs, union_of_shards);
    EXPECT_FALSE(merged_sigs.empty());
    // The replay hint is the shortest reproducer's; failures are listed shortest first.
    uint64_t fewest = UINT64_MAX;
    for (const json &f : mj["failures"])
        fewest = std::min(fewest, f["steps_after"].get<uint64_t>());
    const size_t hint = m.out.find("\nreplay: ");
    ASSERT_NE(hint, std::string::npos) << m.out;
    const std::string hinted = m.out.substr(hint, m.out.find('\n', hint + 1) - hint);
    bool hinted_is_shortest = false;
    for (const json &f : mj["failures"])
        if (hinted.find(f["reproducer"].get<std::string>()) != std::string::npos)
            hinted_is_shortest = f["steps_after"].get<uint64_t>() == fewest;
    EXPECT_TRUE(hinted_is_shortest) << hinted << "\n" << m.out;
    const size_t first_line = m.out.find("failure: ");
    ASSERT_NE(first_line, std::string::npos);
    EXPECT_NE(m.out.substr(first_line, m.out.find('\n', first_line) - first_line)
                  .find(", " + std::to_string(fewest) + " step(s))"),
              std::string::npos)
        << m.out;

    // One reproducer per signature, the smallest of the shards', next to the
    // merged report, replaying as its `# expect:` says.
    for (const json &f : mj["failures"]) {
        const std::string path = f["reproducer"];
        EXPECT_EQ(path.rfind(merged + "/repro/", 0), 0u) << path;
        EXPECT_EQ(f["steps_after"].get<uint64_t>(), smallest[f["signature"].get<std::string>()]);
        Outcome rr = lu("replay " + path);
        EXPECT_EQ(rr.code, 0) << rr.out;
    }
    const auto tests = valid_ktap(slurp(merged + "/report.ktap"));
    EXPECT_EQ(tests.size(), mj["families"].size() + mj["failures"].size());
    const std::string junit = slurp(merged + "/junit.xml");
    // Every signature: a finding's case, or listed in the case of its finding.
    for (const std::string &sig : merged_sigs)
        EXPECT_TRUE(junit.find("name=\"" + sig + "\"") != std::string::npos ||
                    junit.find("also seen as " + sig + ":") != std::string::npos)
            << sig;
    EXPECT_NE(slurp(merged + "/summary.md").find("Seed `0xb`"), std::string::npos);
}

TEST(LuMerge, RefusesShardsOfDifferentRunsAndNamesMissingOnes) {
    const std::string base = "nightly --programs 2 --budget 5m --families sequential --out ";
    const std::string a = fresh_dir("a"), b = fresh_dir("b"), c = fresh_dir("c");
    ASSERT_EQ(lu(base + a + " --seed 1 --shard 0/3").code, 0);
    ASSERT_EQ(lu(base + b + " --seed 2 --shard 1/3").code, 0);
    ASSERT_EQ(lu(base + c + " --seed 1 --shard 1/3").code, 0);

    Outcome r = lu("merge " + a + " " + b + " --out " + fresh_dir("m1"));
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("shards of different runs"), std::string::npos) << r.out;
    r = lu("merge " + a + " " + a + " --out " + fresh_dir("m2"));
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("given twice"), std::string::npos) << r.out;
    r = lu("merge " + a + " --out " + a);
    EXPECT_EQ(r.code, 2) << r.out;
    r = lu("merge " + fresh_dir("none") + " --out " + fresh_dir("m3"));
    EXPECT_EQ(r.code, 2) << r.out;

    // Shard 2/3 missing: the merged run is incomplete, not clean.
    const std::string m = fresh_dir("m4");
    r = lu("merge " + a + " " + c + " --out " + m);
    EXPECT_EQ(r.code, 4) << r.out;
    EXPECT_NE(r.out.find("shard 2/3 missing"), std::string::npos) << r.out;
    const json mj = read_json(m + "/report.json");
    EXPECT_EQ(mj["state"], "incomplete");
    EXPECT_EQ(mj["families"][0]["programs"], 2);
    valid_ktap(slurp(m + "/report.ktap"));
}

// ---- CI templates ----------------------------------------------------------

// Runs python3 on @script with @args; its output, and whether it exited 0.
Outcome python(const std::string &script, const std::string &args) {
    const std::string path = temp_file("check.py", script);
    const std::string cmd = "python3 " + path + " " + args + " 2>&1";
    Outcome r{-1, ""};
    FILE *f = popen(cmd.c_str(), "r");
    if (!f) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
    const int status = pclose(f);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// Checks the structure of both templates and prints each `lu` command line
// they run (folded), one per line.
constexpr const char *kTemplateCheck = R"PY(
import sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
gl = yaml.safe_load(open(sys.argv[2]))
cmds = []
def run_lines(text):
    return " ".join(str(text).split())
# GitHub Actions ("on" parses as True in YAML 1.1).
assert "on" in gh or True in gh, "no triggers"
jobs = gh["jobs"]
shard, merge = jobs["shard"], jobs["merge"]
assert shard["strategy"]["matrix"]["shard"] == [0, 1, 2, 3], shard["strategy"]
runs = [run_lines(s["run"]) for s in shard["steps"] if "run" in s]
assert any("lu nightly" in r and "--shard ${{ matrix.shard }}/4" in r and "--seed" in r
           for r in runs), runs
uploads = [s for s in shard["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
assert uploads and uploads[0].get("if") == "always()", uploads
assert merge["needs"] == "shard" and merge.get("if") == "always()", merge
assert any(str(s.get("uses", "")).startswith("actions/download-artifact") for s in merge["steps"])
mruns = [run_lines(s["run"]) for s in merge["steps"] if "run" in s]
assert any("lu merge" in r for r in mruns), mruns
assert any(str(s.get("uses", "")).startswith("actions/upload-artifact") for s in merge["steps"])
cmds += runs + mruns
# GitLab CI.
assert gl["stages"] == ["shard", "merge"]
s, m = gl["lu-shard"], gl["lu-merge"]
assert s["stage"] == "shard" and m["stage"] == "merge"
assert s["parallel"]["matrix"] == [{"SHARD": ["0", "1", "2", "3"]}], s["parallel"]
assert s["artifacts"]["when"] == "always" and s["artifacts"]["paths"] == ["lu-shard-$SHARD/"]
assert m["needs"] == [{"job": "lu-shard", "artifacts": True}] and m["when"] == "always"
assert m["artifacts"]["reports"]["junit"] == "lu-merged/junit.xml"
for job in (s, m, gl[".lu-build"]):
    cmds += [run_lines(x) for x in job.get("script", []) + job.get("before_script", [])]
for c in cmds:
    assert "curl" not in c and "wget" not in c, c
    print(c)
)PY";

TEST(LuCiTemplates, WorkflowsParseAndRunOnlyOptionsLuHas) {
    if (python("import yaml\n", "").code != 0)
        GTEST_FAIL() << "python3 yaml (python3-yaml) missing";
    Outcome r = python(kTemplateCheck, (kRepo / "ci/github/lu-nightly.yml").string() + " " +
                                           (kRepo / "ci/gitlab/lu-nightly.gitlab-ci.yml").string());
    ASSERT_EQ(r.code, 0) << r.out;
    // Every option given to `lu nightly` and `lu merge` is one they take.
    const std::map<std::string, std::string> help = {{"nightly", lu("nightly --help").out},
                                                     {"merge", lu("merge --help").out}};
    std::istringstream lines(r.out);
    size_t seen = 0;
    for (std::string line; std::getline(lines, line);) {
        for (const auto &[sub, text] : help) {
            const size_t at = line.find("tools/lu " + sub + " ");
            if (at == std::string::npos) continue;
            seen++;
            std::istringstream words(line.substr(at));
            for (std::string w; words >> w;) {
                if (w.rfind("--", 0) != 0) continue;
                EXPECT_NE(text.find(w + " "), std::string::npos) << sub << " " << w;
            }
        }
    }
    EXPECT_EQ(seen, 4u) << r.out; // nightly and merge in each template
}

TEST(LuCiTemplates, ClusterFuzzLiteConfigIsComplete) {
    const fs::path cfl = kRepo / ".clusterfuzzlite";
    Outcome r = python("import sys, yaml\np = yaml.safe_load(open(sys.argv[1]))\n"
                       "assert p['language'] == 'c++', p\n",
                       (cfl / "project.yaml").string());
    EXPECT_EQ(r.code, 0) << r.out;
    const std::string docker = slurp((cfl / "Dockerfile").string());
    EXPECT_EQ(docker.find("\nFROM gcr.io/oss-fuzz-base/base-builder"), docker.find("\nFROM "));
    EXPECT_NE(docker.find("COPY . $SRC/lu-check"), std::string::npos);
    EXPECT_NE(docker.find("WORKDIR $SRC/lu-check"), std::string::npos);
    EXPECT_NE(docker.find("COPY .clusterfuzzlite/build.sh $SRC/"), std::string::npos);
    // Every package fuzz/build.sh needs.
    for (const char *pkg : {"cmake", "ninja-build", "libboost-context-dev", "zip"})
        EXPECT_NE(docker.find(std::string(" ") + pkg), std::string::npos) << pkg;
    EXPECT_NE(slurp((cfl / "build.sh").string()).find("fuzz/build.sh"), std::string::npos);
    EXPECT_TRUE(fs::status(cfl / "build.sh").permissions() != fs::perms::none &&
                (fs::status(cfl / "build.sh").permissions() & fs::perms::owner_exec) !=
                    fs::perms::none);
}

// Failures whose reproducers shrink to the same program are one finding:
// one JUnit case, named after the shorter reproducer, with the other
// signature in it; report.json keeps both signatures under it.
struct ShardFailure {
    std::string sig, file, text;
    uint64_t steps;
};

// `lu merge` of one shard whose failures are @fails (their reproducers
// written as given): its outcome, report and findings (finding -> signatures).
struct Merged {
    Outcome out;
    json report;
    std::map<std::string, std::vector<std::string>> findings;
    std::string dir;
};
Merged merge_failures(const std::string &name, const std::vector<ShardFailure> &fails) {
    const std::string shard = fresh_dir(name);
    Outcome n =
        lu("nightly --seed 3 --programs 1 --budget 1m --families sequential --out " + shard);
    EXPECT_EQ(n.code, 0) << n.out;
    json rep = read_json(shard + "/report.json");
    rep["failures"] = json::array();
    for (const auto &f : fails) {
        const std::string path = shard + "/repro/" + f.file;
        std::ofstream(path) << "# lu-repro v1\n" << f.text;
        rep["failures"].push_back({{"signature", f.sig},
                                   {"family", "sequential"},
                                   {"reproducer", path},
                                   {"count", 1},
                                   {"minimized", true},
                                   {"steps_before", f.steps},
                                   {"steps_after", f.steps},
                                   {"detail", "d"}});
    }
    std::ofstream(shard + "/report.json") << rep.dump();
    Merged m;
    m.dir = fresh_dir(name + "-merged");
    m.out = lu("merge " + shard + " --out " + m.dir);
    m.report = read_json(m.dir + "/report.json");
    for (const json &f : m.report["findings"]) m.findings[f["finding"]] = f["signatures"];
    return m;
}

TEST(LuMerge, FailuresOfOneRootCauseAreOneFinding) {
    const std::string leak = "f0 = file_open()\nfile_preserve(f0)\nkexec()\nfile_finish(f0)\n";
    const Merged r = merge_failures(
        "one-root",
        {
            {"leak:file_finish", "a.lu", "# bugs: finish_forget_ser\n" + leak, 4},
            // The same mistake, with a step after it that plays no part in it.
            {"I8-flb:file_finish", "b.lu",
             "# bugs: finish_forget_ser\n" + leak + "f1 = file_open()\n", 5},
            {"fault-calls:domain_churn:kho_alloc_preserve", "c.lu",
             "# bugs: cap_gt\nf0 = file_open()\nfile_preserve(f0)\nd0 = domain_alloc(f0)\n"
             "domain_churn(d0, 121)\n",
             4},
        });
    const Outcome &m = r.out;
    const json &mj = r.report;
    const auto &findings = r.findings;
    const std::string merged = r.dir;
    ASSERT_EQ(m.code, 1) << m.out;
    EXPECT_EQ(findings, (std::map<std::string, std::vector<std::string>>{
                            {"leak:file_finish", {"leak:file_finish", "I8-flb:file_finish"}},
                            {"fault-calls:domain_churn:kho_alloc_preserve",
                             {"fault-calls:domain_churn:kho_alloc_preserve"}}}))
        << mj.dump(1);
    for (const json &f : mj["failures"])
        if (f["signature"] == "I8-flb:file_finish") EXPECT_EQ(f["finding"], "leak:file_finish");
    const std::string junit = slurp(merged + "/junit.xml");
    size_t cases = 0;
    for (size_t at = 0;
         (at = junit.find("classname=\"lu.nightly.finding\"", at)) != std::string::npos; at++)
        cases++;
    EXPECT_EQ(cases, 2u) << junit;
    EXPECT_NE(junit.find("also seen as I8-flb:file_finish"), std::string::npos) << junit;
    EXPECT_NE(m.out.find("SUMMARY: lu: 2 finding(s), 3 distinct failure(s)"), std::string::npos)
        << m.out;
}

// One mistake (a unit's slot published although its preserve failed) reached
// by two triggers: a fault in the driver's unit preserve, or in preserving the
// unit's page. The reproducers shrink to two programs, but both single out the
// line that publishes the slot.
TEST(LuMerge, FailuresThatSingleOutOneLineAreOneFinding) {
    const std::string head =
        "# bugs: v1_hw_publish_on_failure\nf0 = file_open()\nu0 = unit_add()\n";
    const Merged r = merge_failures(
        "one-line",
        {
            {"I4-backptr:dev_churn", "a.lu",
             head + "v0 = dev_add(u0, 0x0000)\nd0 = domain_alloc(f0)\nfile_preserve(f0)\n"
                    "dev_attach(v0, d0)\ndev_churn(v0, 1)  (fail: kho_preserve_folio#1)\n",
             7},
            {"I4-backptr:dev_preserve", "b.lu",
             head + "file_preserve(f0)\nd0 = domain_alloc(f0)\nv0 = dev_add(u0, 0x0000)\n"
                    "dev_attach(v0, d0)\ndomain_preserve(d0)\n"
                    "dev_preserve(v0)  (fail: drv_iommu_preserve#1)\n",
             8},
            {"fault-calls:domain_churn:kho_alloc_preserve", "c.lu",
             "# bugs: cap_gt\nf0 = file_open()\nfile_preserve(f0)\nd0 = domain_alloc(f0)\n"
             "domain_churn(d0, 121)\n",
             4},
        });
    ASSERT_EQ(r.out.code, 1) << r.out.out;
    EXPECT_EQ(r.findings,
              (std::map<std::string, std::vector<std::string>>{
                  {"I4-backptr:dev_churn", {"I4-backptr:dev_churn", "I4-backptr:dev_preserve"}},
                  {"fault-calls:domain_churn:kho_alloc_preserve",
                   {"fault-calls:domain_churn:kho_alloc_preserve"}}}))
        << r.report.dump(1);
    for (const json &f : r.report["failures"]) {
        if (f["signature"] == "fault-calls:domain_churn:kho_alloc_preserve") continue;
        EXPECT_TRUE(f["suspect_decisive"].get<bool>()) << f;
        EXPECT_NE(f["suspects"][0].get<std::string>().find("iommu_preserve_locked() at "),
                  std::string::npos)
            << f;
    }
}

} // namespace
} // namespace lu::cli
