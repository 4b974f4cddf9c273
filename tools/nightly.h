// `lu nightly`: hours of property runs with fresh, logged seeds. Every
// property family runs round-robin in worker processes; failures are
// deduplicated by signature, minimized and kept as DIR/repro/<sig>.lu; the
// run ends with DIR/report.json, DIR/junit.xml and DIR/summary.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "baseline.h"

namespace lu::tools {

struct NightlyOptions {
    std::string budget = "2m";
    unsigned jobs = 1;
    std::string shard = "0/1";
    std::string seed; // empty: a fresh one, logged
    std::string bugs = "fixed";
    std::string out = "lu-nightly";
    std::string families;      // comma-separated; empty: all
    double progress_every = 0; // seconds between progress lines; 0: 0.5 on a terminal, else 10
    uint64_t programs = 0;     // per family, over all shards: stop after programs 0..N-1; 0: no cap
    std::string ktap;          // also write the results as KTAP to this file
};

int nightly(const NightlyOptions &o);

// What the workers tell the parent, and what the reports are written from.
struct FamilyTally {
    std::string name;
    uint64_t programs = 0, runs = 0, steps = 0, failures = 0;
    // Programs stopped at a block whose linearizability search ran out of
    // budget: neither passed nor failed (Verdict::inconclusive).
    uint64_t inconclusive = 0;
};

struct NightlyFailure {
    std::string signature, family, detail, path;
    uint64_t index = 0; // program index within its family
    uint64_t count = 0; // failing programs with this signature
    uint64_t steps_before = 0, steps_after = 0, preemptions = 0;
    bool minimized = false;
    std::vector<std::string> culprits; // seeded bugs that alone reproduce it
    // The signature of its finding (group_findings): of the best reproducer
    // among the failures of the same root cause; empty until grouped.
    std::string finding;
    // The reproducer's most suspect source lines (localize(), suspect_text),
    // and whether the first scores above the others (decisive()).
    std::vector<std::string> suspects;
    bool decisive = false;
};

// How a worker process ended: reaped by the parent at the end of the run.
struct WorkerEnd {
    unsigned index = 0; // the job number, 0..jobs-1
    long pid = 0;
    std::string status;  // "exited 0", "exited with status 3", "killed by signal 9 (Killed)"
    bool failed = false; // died by a signal or exited non-zero: its programs are lost
};

struct NightlyReport {
    uint64_t seed = 0;
    unsigned shard = 0, shards = 1, jobs = 1;
    std::string bugs;
    double budget = 0, elapsed = 0;
    bool interrupted = false, finished = false;
    std::vector<FamilyTally> families;
    std::map<std::string, NightlyFailure> failures; // by signature
    std::string sut;                                // the implementation under test
    Baseline baseline;                              // its revision's known defects
    std::map<std::string, uint64_t> known_seen;     // known signatures met, and how often
    std::vector<WorkerEnd> workers;                 // filled in when the run ends
    bool worker_died() const {
        for (const WorkerEnd &w : workers)
            if (w.failed) return true;
        return false;
    }
};

// The better of two reproducers: minimized first, then fewer steps, then
// fewer preemptions.
bool better_reproducer(const NightlyFailure &a, const NightlyFailure &b);
// The failures of @r, the best reproducer first (better_reproducer, ties by
// signature): the one a user should replay first.
std::vector<const NightlyFailure *> failures_best_first(const NightlyReport &r);

// One finding per root cause: failures whose reproducers, shrunk to the
// smallest program that fails at all (at most @max_runs runs each), are the
// same program get the signature of the best reproducer among them as their
// finding.
void group_findings(NightlyReport &r, size_t max_runs = 2000);
// Each failure's suspects: localize() on its minimized reproducer. Run
// before group_findings, which also joins failures by their suspects.
void locate_failures(NightlyReport &r);
// The findings of @r by signature, each with its failures best first (the
// first is the one the finding is named after).
std::map<std::string, std::vector<const NightlyFailure *>> findings_of(const NightlyReport &r);

// Print one "failure:" line per finding, best reproducer first, with the
// other signatures it was seen as; and the
// replay command of the best one with the SUMMARY line naming @dir/repro
// (nothing when there is no failure).
void print_failure_lines(const NightlyReport &r);
void print_failure_summary(const NightlyReport &r, const std::string &dir);

// Write report.json, junit.xml and summary.md into @dir, each atomically;
// false (printed) when one of them cannot be written.
bool write_nightly_reports(const NightlyReport &r, const std::string &dir);

// One worker process's loop: the families in turn, and of each family the
// programs first, first + stride, ... until @deadline (steady-clock seconds)
// or a stop signal; messages to @fd.
struct WorkerPlan {
    uint64_t seed = 0, bugs = 0;
    std::string bugs_spec;
    std::vector<size_t> families; // indices into families()
    uint64_t first = 0, stride = 1;
    double deadline = 0;
    std::set<std::string> known; // the tree's known defects: counted (K lines), not failures
    long parent = 0;             // the parent's pid: a stop signal once it is gone ends the worker
    // A family's programs stop below this index (0: no cap); the families then
    // take turns in a fixed order, so that the run is the same every time.
    uint64_t programs = 0;
};
void nightly_worker(const WorkerPlan &plan, int fd);

} // namespace lu::tools
