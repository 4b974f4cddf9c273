// Internal to the executor: the state of one run, shared by its sequential
// steps (executor.cc) and its concurrent blocks (block.cc). Not for users of
// the harness; they call run_program().
#pragma once

#include <array>
#include <optional>
#include <vector>

#include <model.h>
#include <sut.h>

#include "executor.h"
#include "faults.h"
#include "model_driver.h"
#include "oracles.h"

namespace lu {

class Scheduler;

namespace detail {

// One port case per op of the vocabulary.
int port_step(sut::World &w, const Step &s,
              const std::array<std::vector<int>, kNumHandleKinds> &handles);

struct Runner {
    const Program &p;
    const RunOptions &opt;
    sut::World w;
    ModelDriver md;
    FaultPlan plan;
    std::array<unsigned long, LU_NR_SITES> base{};         // port's site counts at step start
    std::array<uint32_t, LU_NR_SITES> fired{};             // faults fired in the port this step
    std::array<std::vector<int>, kNumHandleKinds> handles; // Program handle -> port handle
    std::vector<sut::ChainView> before_kexec;
    Oracles oracles;
    Verdict v;

    // While a concurrent block runs: its scheduler, the step each thread is
    // running, and the fault-site calls of each of the block's steps.
    Scheduler *sched = nullptr;
    std::vector<size_t> thread_step;
    std::vector<std::array<uint32_t, LU_NR_SITES>> block_calls;
    size_t block_begin = 0;

    Runner(const Program &prog, const RunOptions &o);

    bool failed(size_t i, const std::string &kind, std::string detail, const char *site = nullptr);
    std::optional<Finding> check_state(const Step &s, const Prediction &want, bool full);
    bool step(size_t i);
    bool check_round_trip(size_t i);
    bool check_translations(size_t i, int dev);
    // Run the block [begin, end), its schedule being p.schedules[b] (block.cc).
    bool run_block(size_t b, size_t begin, size_t end);
};

// The scheduler's side of the hooks while a block runs (block.cc): the
// running thread (0-based), and scheduling points, blocking and waking.
int block_thread(const Runner &r);
void sched_point(Runner &r, lu_sched_kind kind, const void *obj);
bool sched_block_on(Runner &r, const void *obj);
void sched_wake(Runner &r, const void *obj);

} // namespace detail
} // namespace lu
