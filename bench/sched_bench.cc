// What the scheduler adds to a context switch: a raw Boost.Context fiber
// ping-pong against two threads under lu::Scheduler passing points. This file
// includes Boost.Context directly (the one place outside harness/sched.cc that
// may), only for the raw baseline. Goal: the scheduler within 2x the raw switch.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include <boost/context/fiber.hpp>

#include "scheduler.h"

namespace {
namespace bctx = boost::context;

// Counters per switch: ns_per_switch is the time of one resume.
void per_switch(benchmark::State &state, int64_t switches) {
    state.counters["ns_per_switch"] = benchmark::Counter(
        double(switches), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["switches"] = double(switches);
}

// One resume into the fiber and one back out per iteration.
void BM_RawContextSwitch(benchmark::State &state) {
    bool stop = false;
    bctx::fiber f{[&stop](bctx::fiber &&caller) {
        while (!stop) caller = std::move(caller).resume();
        return std::move(caller);
    }};
    for (auto _ : state) f = std::move(f).resume();
    stop = true;
    f = std::move(f).resume();
    per_switch(state, int64_t(state.iterations()) * 2);
}
BENCHMARK(BM_RawContextSwitch);

// The same ping-pong, but each side switches inside a function it calls, as a
// thread does inside point(): the return after each switch is mispredicted
// (fcontext jumps, it does not return), which is the floor for any scheduler
// whose yield is a call.
bctx::fiber called_slots[2];
[[gnu::noinline]] void called_switch(int to) {
    bctx::fiber back = std::move(called_slots[to]).resume();
    called_slots[to] = std::move(back);
}
void BM_RawContextSwitchInCall(benchmark::State &state) {
    static bool stop;
    stop = false;
    called_slots[1] = bctx::fiber{[](bctx::fiber &&caller) {
        called_slots[0] = std::move(caller);
        while (!stop) called_switch(0);
        return std::move(called_slots[0]);
    }};
    called_switch(1);
    for (auto _ : state) called_switch(1);
    stop = true;
    called_switch(1);
    per_switch(state, int64_t(state.iterations()) * 2);
}
BENCHMARK(BM_RawContextSwitchInCall);

lu::SchedConfig round_robin() {
    lu::SchedConfig cfg;
    cfg.strategy = lu::Strategy::chooser;
    cfg.chooser = [](const std::vector<int> &runnable, int current, lu_sched_kind,
                     const void *) -> size_t { return runnable[0] == current ? 1 : 0; };
    cfg.max_points = SIZE_MAX;
    return cfg;
}

// Two threads alternating at point(): round-robin chooser, one switch per
// point. Thread 0 drives the benchmark loop from inside its fiber; the
// schedule is not recorded (it would grow by 16 bytes per iteration).
void BM_SchedulerSwitch(benchmark::State &state) {
    lu::SchedConfig cfg = round_robin();
    cfg.record = false;
    lu::Scheduler s(cfg);
    bool stop = false;
    lu::SchedResult r = s.run(2, [&](int t) {
        if (t == 0) {
            for (auto _ : state) s.point(LU_SCHED_lock, nullptr);
            stop = true;
        } else {
            while (!stop) s.point(LU_SCHED_unlock, nullptr);
        }
    });
    per_switch(state, int64_t(r.preemptions));
}
BENCHMARK(BM_SchedulerSwitch);

// Realistic use: many recorded runs of range(0) points per thread, each run
// with its fiber set-up (stacks come from the pool) and its schedule. range(1):
// 0 round-robin chooser, 1 random (about half the points switch).
void BM_SchedulerRecordedRuns(benchmark::State &state) {
    lu::SchedConfig cfg = round_robin();
    if (state.range(1)) cfg.strategy = lu::Strategy::random;
    lu::Scheduler s(cfg);
    const int64_t k = state.range(0);
    int64_t switches = 0, points = 0;
    for (auto _ : state) {
        lu::SchedResult r = s.run(2, [&](int) {
            for (int64_t i = 0; i < k; i++) s.point(LU_SCHED_lock, nullptr);
        });
        switches += int64_t(r.preemptions);
        points += int64_t(r.points);
        benchmark::DoNotOptimize(r.schedule.data());
    }
    per_switch(state, switches);
    state.counters["ns_per_point"] = benchmark::Counter(
        double(points), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SchedulerRecordedRuns)->Args({500, 0})->Args({500, 1});

// A whole run: creating two fibers (pooled stacks), running, tearing down.
void BM_SchedulerRun(benchmark::State &state) {
    lu::Scheduler s;
    int sink = 0;
    for (auto _ : state) {
        lu::SchedResult r = s.run(2, [&](int t) {
            s.point(LU_SCHED_lock, nullptr);
            sink += t;
        });
        benchmark::DoNotOptimize(r);
    }
    benchmark::DoNotOptimize(sink);
}
BENCHMARK(BM_SchedulerRun);

} // namespace
