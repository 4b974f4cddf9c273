// Exhaustive exploration of a concurrent block: every interleaving of its
// threads' scheduling decisions, depth first and stateless (each schedule is
// a fresh run of the whole program), with sleep sets so that orders of
// independent steps are not tried twice. Reports schedules explored and
// pruned, and the first failing schedule as a replayable program.
#pragma once

#include <cstddef>
#include <cstdint>

#include "executor.h"
#include "program.h"

namespace lu {

struct ExploreOptions {
    bool reduce = true; // sleep sets; off: every interleaving (the naive count)
    // Branch only where a thread starts or is about to take a lock; at other
    // points the running thread goes on. What a thread reads before taking a
    // lock is still interleaved with what others do under it.
    bool lock_points_only = true;
    size_t max_runs = 100000; // bound on schedules run
    // Only schedules with at most this many preemptions (a switch away from
    // a thread that could go on); once a path has used them up, the running
    // thread goes on wherever it can.
    size_t max_preemptions = SIZE_MAX;
};

struct ExploreResult {
    size_t explored = 0;   // schedules run to the end and checked
    size_t pruned = 0;     // runs cut by the reduction (redundant)
    bool complete = false; // the whole tree was explored within max_runs
    bool failed = false;
    size_t inconclusive = 0; // runs whose linearizability search ran out of budget
    Program failing;         // with the failing block's schedule
    Verdict verdict;
};

ExploreResult explore(const Program &p, const RunOptions &opt, const ExploreOptions &eo);

} // namespace lu
