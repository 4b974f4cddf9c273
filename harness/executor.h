// The executor: runs a Program on a fresh model and a fresh port side by
// side and checks, after every step, the oracles of DESIGN.md: results
// (errno for errno), fault-site call counts, the state invariants, the kexec
// round trip, translations of restored domains, and kernel events. Same
// Program, same verdict and trace, byte for byte.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "program.h"

namespace lu {

struct Timeline;

struct RunOptions {
    uint64_t bugs = 0;  // seeded bugs switched on in the port
    bool trace = false; // keep one line per step in Verdict::trace
    // After every step the oracles check what the step touched; a full sweep
    // of every slot and back pointer runs at kexec, at the end, and every
    // this many steps (1: after every step).
    unsigned full_sweep_every = 64;
    // Concurrent blocks without a schedule of their own run under this
    // strategy: "random" or "pct" (seeded), or "none" (threads in turn, no
    // preemption).
    std::string strategy = "random";
    // When set, concurrent blocks without a schedule ask this at every real
    // scheduling decision (the runnable threads, ascending; the thread at the
    // point, or -1; the point's kind and object) for an index into runnable.
    std::function<size_t(const std::vector<int> &runnable, int current, uint8_t kind,
                         const void *obj)>
        chooser{};
    uint64_t sched_seed = 0;
    int pct_depth = 2;
    // Prefixes the linearizability search of one block may try; past them
    // the run is inconclusive (Verdict::inconclusive), not failing.
    size_t linearize_budget = 200000;
    // When set, the run is also recorded here (timeline.h); it runs the same.
    Timeline *timeline = nullptr;
    // When set, the line spectrum of each step (sut::spectrum_take(): the
    // implementation's basic blocks it ran), indexed by step; a concurrent
    // block's steps each get the whole block's. Steps not run stay empty.
    std::vector<std::vector<uintptr_t>> *spectrum = nullptr;
};

struct Verdict {
    bool ok = true;
    std::string kind;      // "differential", "fault-calls", "I1-chain", "fatal-oops", ...
    int step = -1;         // index of the step where it failed
    std::string op;        // that step's op
    std::string site;      // the fault site concerned, if any
    std::string detail;    // what was expected and what happened
    std::string signature; // kind:op[:site], for deduplicating failures
    std::vector<std::string> trace;
    bool ended_by_panic = false; // the model predicted the panic: not a failure
    // A block's linearizability search ran out of budget before it found an
    // order or tried them all: the run stopped at that block (step), neither
    // a pass nor a failure (ok stays true; detail says which block).
    bool inconclusive = false;
    // The schedule each concurrent block ran with (replaying them reproduces
    // the run), and how many preemptions they held.
    std::vector<std::vector<SchedChoice>> schedules;
    size_t preemptions = 0;
    size_t steps_run = 0;
    std::array<uint32_t, LU_NR_SITES> site_calls{}; // calls per site over the run
};

Verdict run_program(const Program &p, const RunOptions &opt);

// A failure's whole identity: its signature and what its oracle says with the
// numbers left out (which invariant, which object kind, which field; each
// part of a list once), so that a shrunk program that fails
// the same check on another field is another failure. A linearizability
// failure's detail reports a search, so its identity is its signature. Empty
// for a run that did not fail.
std::string failure_identity(const Verdict &v);

// The same steps on the port alone, with no model and no checks (faults are
// not injected): the baseline the executor's cost is measured against.
// Returns the number of steps run.
size_t run_port_only(const Program &p, uint64_t bugs);

// Per step, how many calls each fault site saw in a fault-free run (for the
// fail-nth loop). Stops early if the run fails.
std::vector<std::array<uint32_t, LU_NR_SITES>> site_calls_per_step(const Program &p,
                                                                   const RunOptions &opt);

} // namespace lu
