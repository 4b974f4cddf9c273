// The SQLite-style fault loop as a library helper: for each fault site, for
// N = 1, 2, ...: run a Program with the Nth call of that site failed, until N
// passes the calls the site sees at all; stop at the first failing run. It
// applies to any Program and turns it into a systematic allocation-failure test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lu/hooks.h>

#include "executor.h"
#include "program.h"

namespace lu {

struct FailNthOptions {
    bool persistent = false;      // fail call N and every later call of the site
    std::vector<lu_site> sites{}; // in this order; empty = all, in enum order
    size_t max_runs = 100000;
};

struct FailNthResult {
    size_t runs = 0;       // program runs, the two fault-free ones included
    bool failed = false;   // a run failed: failing and verdict tell which
    Program failing;       // the failing program (its one fault on the right step)
    Verdict verdict;       // its verdict; when nothing failed, the fault-free run's
    int site = -1;         // the lu_site faulted in the failing run; -1 if none
    uint32_t call = 0;     // N: the run-global call number of that site it failed
    bool complete = false; // every (site, N) was tried: max_runs did not cut it short
};

// The loop starts from @p with its own faults stripped. That fault-free
// program runs first: if it already fails, it is the result (site -1).
// Otherwise site_calls_per_step() maps each run-global call number N of a
// site to (step, nth within the step), and the candidate for N is the
// fault-free program with the single fault {site, nth, fo.persistent} on that
// step. N goes from 1 to the calls the site sees in the fault-free run (a
// fault changes what follows, so later calls of a faulted run may differ
// from the fault-free numbering, as in SQLite). A run is clean when its
// verdict is ok, which includes a panic the model predicted (ended_by_panic);
// the first other verdict ends the loop.
FailNthResult fail_nth_loop(const Program &p, const RunOptions &opt, const FailNthOptions &fo);

// The loop with transient faults, then (if nothing failed) with persistent
// ones; runs counts both.
FailNthResult fail_nth_both(const Program &p, const RunOptions &opt);

} // namespace lu
