// The coroutine scheduler: runs simulated threads as fibers on one OS thread and
// decides, at each scheduling point the port reports, which one runs next
// (replay, random, PCT, or a caller's chooser). Every real choice is recorded,
// so replaying the schedule reproduces the run. Boost.Context stays in sched.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <lu/hooks.h>

#include "program.h"

namespace lu {

// SchedChoice (thread + the kind of point it resumes at) and kSchedStart (the
// kind of a thread that has not run yet) come from program.h: a Program keeps
// the schedules this scheduler records. A thread woken in block_on resumes at
// the kind of its last point (the port's mutex_lock: LU_SCHED_lock).

enum class Strategy { replay, random, pct, chooser };

struct SchedConfig {
    Strategy strategy = Strategy::random;
    uint64_t seed = 0;
    int pct_depth = 2;          // PCT: d (d-1 priority change points)
    size_t pct_steps_hint = 64; // PCT: k, the expected number of points
    // Strategy::replay: the choices, in order. When exhausted, or when the named
    // thread cannot run: the lowest runnable thread, and diverged. A thread that
    // can run but sits at another kind of point is taken, and diverged is set.
    // Choices left over when every thread has finished set diverged too.
    std::vector<SchedChoice> replay;
    // Strategy::chooser: called at every real choice (two or more runnable) with
    // the runnable threads (ascending); returns an index into them. current is
    // the thread at the point, or -1 when none can go on: it blocked (obj: what
    // on; kind: its last point's), it finished or the run starts (kSchedStart,
    // nullptr).
    std::function<size_t(const std::vector<int> &runnable, int current, lu_sched_kind kind,
                         const void *obj)>
        chooser;
    size_t max_points = 1'000'000; // livelock guard: then truncated, see below
    size_t stack_size = 256 << 10; // per fiber, sanitizers included
    bool record = true;            // keep SchedResult::schedule (benchmarks turn it off)
};

struct SchedResult {
    // Every real choice, in order; forced ones (one runnable thread) are not
    // recorded and do not consume replay entries.
    std::vector<SchedChoice> schedule;
    size_t points = 0;      // decisions: point() calls, blocks, thread starts and ends
    size_t preemptions = 0; // switches away from a thread that could have continued
    bool deadlock = false;  // at some point no thread could run while some had not finished
    bool diverged = false;  // replay: the schedule did not fit the run
    // More than max_points decisions: from then on threads run round-robin,
    // unrecorded, until they finish (stopping() tells code inside them to bail out).
    bool truncated = false;
};

class Scheduler {
  public:
    explicit Scheduler(SchedConfig cfg = {});
    ~Scheduler();
    Scheduler(const Scheduler &) = delete;
    Scheduler &operator=(const Scheduler &) = delete;

    // For the next run (a scheduler may run many times; each run starts afresh).
    SchedConfig &config();

    // Run n threads (1..255) to completion; thread i runs body(i). An exception
    // leaving a body is kept and the first one rethrown here once every thread
    // has finished. Not reentrant: calling run from inside a thread throws.
    SchedResult run(int n, const std::function<void(int)> &body);

    // The hooks, called from inside a thread (they do nothing useful outside).
    void point(lu_sched_kind kind, const void *obj);
    // Blocks until wake(obj); true when woken, false when the scheduler found a
    // deadlock (the caller reports it and unwinds; it must not block again on
    // the same condition). Outside a run: false at once.
    bool block_on(const void *obj);
    void wake(const void *obj);
    // 1 + the running thread's index; 1 when no thread runs.
    int current_task() const;
    // The run is truncated: long-running code inside threads should give up.
    bool stopping() const;

    // Trampolines to this scheduler, ctx = this Scheduler; should_fail and
    // report are set to null. A caller needing its own ctx writes its own
    // trampolines over the public methods above.
    void install(lu_hooks *hooks);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace lu
