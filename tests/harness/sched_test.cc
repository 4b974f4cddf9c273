// The coroutine scheduler alone (a tiny mutex over its hooks) and driving the
// real port: every strategy finishes every thread, replay and seeds are
// deterministic, PCT depth 1 never preempts, deadlocks are found and unwound,
// exceptions come out of run(). Also run under ASan+UBSan.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scheduler.h"
#include <sut.h>

namespace lu::test {
namespace {

// A sleeping lock over the scheduler's hooks, shaped like the port's mutex.
struct TinyMutex {
    int owner = 0;
    bool lock(Scheduler &s) {
        s.point(LU_SCHED_lock, this);
        while (owner)
            if (!s.block_on(this)) return false;
        owner = s.current_task();
        return true;
    }
    void unlock(Scheduler &s) {
        owner = 0;
        s.wake(this);
        s.point(LU_SCHED_unlock, this);
    }
};

// n threads, each taking the mutex k times around a non-atomic increment with
// a point inside; trace gets one entry per step (thread * 100 + step).
struct Counter {
    TinyMutex m;
    int value = 0;
    std::vector<int> trace;
    void body(Scheduler &s, int t, int k) {
        for (int i = 0; i < k; i++) {
            ASSERT_TRUE(m.lock(s));
            int v = value;
            s.point(LU_SCHED_alloc, nullptr);
            value = v + 1;
            trace.push_back(t * 100 + i);
            m.unlock(s);
        }
    }
};

SchedResult run_counter(Scheduler &s, int n, int k, Counter *c) {
    return s.run(n, [&](int t) { c->body(s, t, k); });
}

SchedConfig config(Strategy st, uint64_t seed = 0) {
    SchedConfig cfg;
    cfg.strategy = st;
    cfg.seed = seed;
    return cfg;
}

// Picks the lowest runnable thread other than the current one.
size_t other_thread(const std::vector<int> &runnable, int current, lu_sched_kind, const void *) {
    return runnable[0] == current ? 1 : 0;
}

TEST(Sched, EveryStrategyRunsEveryThreadToCompletion) {
    for (Strategy st : {Strategy::replay, Strategy::random, Strategy::pct, Strategy::chooser}) {
        SchedConfig cfg = config(st, 7);
        cfg.chooser = other_thread;
        Scheduler s(cfg);
        Counter c;
        SchedResult r = run_counter(s, 4, 5, &c);
        EXPECT_EQ(c.value, 20) << int(st);
        EXPECT_EQ(c.trace.size(), 20u) << int(st);
        EXPECT_FALSE(r.deadlock);
        EXPECT_FALSE(r.truncated);
        EXPECT_GT(r.points, 20u);
        EXPECT_EQ(r.diverged, st == Strategy::replay) << "an empty replay list is exhausted";
    }
}

TEST(Sched, ReplayReproducesTheRun) {
    for (uint64_t seed = 0; seed < 20; seed++) {
        Scheduler rnd(config(Strategy::random, seed));
        Counter a;
        SchedResult ra = run_counter(rnd, 3, 4, &a);
        SchedConfig cfg = config(Strategy::replay);
        cfg.replay = ra.schedule;
        Scheduler rep(cfg);
        Counter b;
        SchedResult rb = run_counter(rep, 3, 4, &b);
        EXPECT_FALSE(rb.diverged) << seed;
        EXPECT_EQ(rb.schedule, ra.schedule) << seed;
        // Woken threads resume at their last point's kind: no pseudo kinds
        // beyond kSchedStart reach a Program's schedule.
        for (const SchedChoice &c : ra.schedule) EXPECT_LE(c.kind, kSchedStart);
        EXPECT_EQ(b.trace, a.trace) << seed;
        EXPECT_EQ(rb.points, ra.points);
        EXPECT_EQ(rb.preemptions, ra.preemptions);
    }
}

TEST(Sched, ReplayThatDoesNotFitDiverges) {
    SchedConfig cfg = config(Strategy::replay);
    cfg.replay = {{9, kSchedStart}, {1, LU_SCHED_driver}};
    Scheduler s(cfg);
    Counter c;
    SchedResult r = run_counter(s, 2, 2, &c);
    EXPECT_TRUE(r.diverged);
    EXPECT_EQ(c.value, 4);
    EXPECT_EQ(r.schedule[0].thread, 0) << "thread 9 does not exist: the lowest runs";
}

TEST(Sched, RandomIsDeterministicPerSeed) {
    auto schedule = [](uint64_t seed) {
        Scheduler s(config(Strategy::random, seed));
        Counter c;
        return run_counter(s, 3, 6, &c).schedule;
    };
    std::vector<SchedChoice> base = schedule(1);
    EXPECT_EQ(schedule(1), base);
    int differ = 0;
    for (uint64_t seed = 2; seed < 12; seed++) differ += schedule(seed) != base;
    EXPECT_EQ(differ, 10);
    // The same scheduler run twice starts afresh.
    Scheduler s(config(Strategy::random, 5));
    Counter c1, c2;
    EXPECT_EQ(run_counter(s, 3, 6, &c1).schedule, run_counter(s, 3, 6, &c2).schedule);
}

// Threads that only pass points: any switch at a point is a preemption.
SchedResult run_points(Scheduler &s, int n, int k, std::vector<int> *trace) {
    return s.run(n, [&](int t) {
        for (int i = 0; i < k; i++) {
            trace->push_back(t);
            s.point(LU_SCHED_driver, nullptr);
        }
    });
}

TEST(Sched, PctDepthOneNeverPreempts) {
    bool some_preempt = false;
    for (uint64_t seed = 0; seed < 20; seed++) {
        SchedConfig cfg = config(Strategy::pct, seed);
        cfg.pct_depth = 1;
        Scheduler s(cfg);
        std::vector<int> trace;
        SchedResult r = run_points(s, 3, 5, &trace);
        EXPECT_EQ(r.preemptions, 0u);
        for (size_t i = 1; i < trace.size(); i++) {
            if (trace[i] != trace[i - 1]) {
                EXPECT_EQ(i % 5, 0u) << "threads run one after another";
            }
        }
        // With the mutex, blocking switches threads but never preempts.
        Scheduler s2(cfg);
        Counter c;
        EXPECT_EQ(run_counter(s2, 3, 4, &c).preemptions, 0u);
        EXPECT_EQ(c.value, 12);
        cfg.pct_depth = 3;
        cfg.pct_steps_hint = 15;
        Scheduler s3(cfg);
        std::vector<int> t3;
        SchedResult r3 = run_points(s3, 3, 5, &t3);
        EXPECT_LE(r3.preemptions, 2u) << "d-1 change points";
        some_preempt |= r3.preemptions > 0;
    }
    EXPECT_TRUE(some_preempt);
}

TEST(Sched, PreemptionsAndPointsAreCounted) {
    SchedConfig cfg = config(Strategy::chooser);
    cfg.chooser = other_thread;
    Scheduler s(cfg);
    std::vector<int> trace;
    SchedResult r = run_points(s, 2, 3, &trace);
    EXPECT_EQ(trace, (std::vector<int>{0, 1, 0, 1, 0, 1}));
    EXPECT_EQ(r.preemptions, 6u) << "every point switched away from a runnable thread";
    EXPECT_EQ(r.points, 9u) << "6 points, the start, 2 ends";
    EXPECT_EQ(r.schedule.size(), 7u) << "the last end is forced";
    EXPECT_EQ(r.schedule[0], (SchedChoice{0, kSchedStart}));
    EXPECT_EQ(r.schedule[1], (SchedChoice{1, kSchedStart}));
    EXPECT_EQ(r.schedule[2], (SchedChoice{0, LU_SCHED_driver}));

    cfg.chooser = [](const std::vector<int> &run, int current, lu_sched_kind, const void *) {
        for (size_t i = 0; i < run.size(); i++)
            if (run[i] == current) return i;
        return size_t(0);
    };
    Scheduler stay(cfg);
    trace.clear();
    r = run_points(stay, 2, 3, &trace);
    EXPECT_EQ(trace, (std::vector<int>{0, 0, 0, 1, 1, 1}));
    EXPECT_EQ(r.preemptions, 0u);
}

TEST(Sched, DeadlockIsFoundAndEveryThreadFinishes) {
    SchedConfig cfg = config(Strategy::chooser);
    cfg.chooser = other_thread;
    Scheduler s(cfg);
    TinyMutex a, b;
    bool got[2][2] = {};
    bool finished[2] = {};
    SchedResult r = s.run(2, [&](int t) {
        TinyMutex &first = t ? b : a, &second = t ? a : b;
        got[t][0] = first.lock(s);
        got[t][1] = second.lock(s);
        if (got[t][1]) second.unlock(s);
        if (got[t][0]) first.unlock(s);
        finished[t] = true;
    });
    EXPECT_TRUE(r.deadlock);
    EXPECT_TRUE(finished[0] && finished[1]);
    EXPECT_TRUE(got[0][0] && got[1][0]);
    EXPECT_FALSE(got[0][1]) << "thread 0, the lowest, learns of the deadlock";
    EXPECT_TRUE(got[1][1]) << "thread 0 unwound and released a: thread 1 goes on";
}

TEST(Sched, ExceptionsLeaveRunAfterEveryThreadFinished) {
    Scheduler s(config(Strategy::random, 3));
    int done = 0, caught_inside = 0;
    auto body = [&](int t) {
        s.point(LU_SCHED_alloc, nullptr);
        try {
            s.point(LU_SCHED_lock, nullptr);
            throw std::logic_error("caught inside");
        } catch (const std::logic_error &) {
            caught_inside++;
        }
        s.point(LU_SCHED_unlock, nullptr);
        if (t == 1) throw std::runtime_error("thread 1");
        done++;
    };
    try {
        s.run(3, body);
        ADD_FAILURE() << "run did not rethrow";
    } catch (const std::runtime_error &e) {
        EXPECT_STREQ(e.what(), "thread 1");
    }
    EXPECT_EQ(done, 2);
    EXPECT_EQ(caught_inside, 3);
    // The scheduler is usable afterwards.
    Counter c;
    run_counter(s, 2, 2, &c);
    EXPECT_EQ(c.value, 4);
}

TEST(Sched, TruncatedRunsStillFinish) {
    SchedConfig cfg = config(Strategy::random, 1);
    cfg.max_points = 10;
    Scheduler s(cfg);
    std::vector<int> trace;
    bool stopping_seen = false;
    SchedResult r = s.run(2, [&](int t) {
        for (int i = 0; i < 50; i++) {
            s.point(LU_SCHED_driver, nullptr);
            stopping_seen |= s.stopping();
            trace.push_back(t);
        }
    });
    EXPECT_TRUE(r.truncated);
    EXPECT_TRUE(stopping_seen);
    EXPECT_EQ(trace.size(), 100u);
    EXPECT_LE(r.schedule.size(), 10u);
}

TEST(Sched, OutsideARunHooksAreHarmless) {
    Scheduler s;
    EXPECT_EQ(s.current_task(), 1);
    s.point(LU_SCHED_lock, nullptr);
    s.wake(nullptr);
    EXPECT_FALSE(s.block_on(&s));
    std::vector<int> tasks(3);
    s.run(3, [&](int t) { tasks[size_t(t)] = s.current_task(); });
    EXPECT_EQ(tasks, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(s.current_task(), 1);
    EXPECT_THROW(s.run(1, [&](int) { s.run(1, [](int) {}); }), std::logic_error);
}

// --- With the port ------------------------------------------------------------

// The scheduler's hooks, plus a test's own step at each scheduling point.
Scheduler *port_sched;
std::function<void(lu_sched_kind)> port_extra;
void port_point(void *, lu_sched_kind kind, const void *obj) {
    port_sched->point(kind, obj);
    if (port_extra) port_extra(kind);
}
bool port_block_on(void *, const void *obj) { return port_sched->block_on(obj); }

// A world with a preserved file and one fresh domain per thread.
struct PortWorld {
    sut::World w;
    std::vector<int> domains;
    explicit PortWorld(Scheduler &s, int n) {
        int f = w.file_open();
        EXPECT_EQ(w.file_preserve(f), 0);
        for (int i = 0; i < n; i++) domains.push_back(w.domain_alloc(f));
        lu_hooks h{};
        s.install(&h);
        port_sched = &s;
        port_extra = nullptr;
        h.sched_point = port_point;
        h.block_on = port_block_on;
        w.set_hooks(h);
    }
};

struct PortRun {
    SchedResult r;
    std::vector<int> ret;
    unsigned long points;
};

PortRun preserve_concurrently(SchedConfig cfg, int n) {
    Scheduler s(cfg);
    PortWorld pw(s, n);
    PortRun out;
    out.ret.assign(size_t(n), -1);
    out.r =
        s.run(n, [&](int t) { out.ret[size_t(t)] = pw.w.domain_preserve(pw.domains[size_t(t)]); });
    EXPECT_FALSE(pw.w.dead());
    EXPECT_EQ(pw.w.events_total(), 0u);
    EXPECT_EQ(pw.w.chain(sut::Chain::domain).pages.size(), 1u);
    for (int t = 0; t < n; t++) {
        EXPECT_NE(pw.w.domain_slot(pw.domains[size_t(t)]), 0u);
        if (t) {
            EXPECT_NE(pw.w.domain_slot(pw.domains[size_t(t)]), pw.w.domain_slot(pw.domains[0]));
        }
    }
    out.points = pw.w.sched_points();
    return out;
}

TEST(SchedPort, ConcurrentDomainPreservesUnderEveryStrategy) {
    size_t preempted = 0;
    for (uint64_t seed = 0; seed < 30; seed++) {
        for (Strategy st : {Strategy::random, Strategy::pct, Strategy::chooser}) {
            SchedConfig cfg = config(st, seed);
            cfg.chooser = other_thread;
            cfg.pct_steps_hint = 12;
            PortRun a = preserve_concurrently(cfg, 2);
            EXPECT_EQ(a.ret, (std::vector<int>{0, 0})) << seed;
            EXPECT_GT(a.points, 0u);
            preempted += a.r.preemptions > 0;
            SchedConfig rc = config(Strategy::replay);
            rc.replay = a.r.schedule;
            PortRun b = preserve_concurrently(rc, 2);
            EXPECT_FALSE(b.r.diverged);
            EXPECT_EQ(b.ret, a.ret);
            EXPECT_EQ(b.r.schedule, a.r.schedule);
            EXPECT_EQ(b.points, a.points);
        }
    }
    EXPECT_GT(preempted, 10u);
}

// AB-BA across the harness and the port: thread 0 holds a harness mutex and
// enters domain_preserve; thread 1, inside domain_preserve holding the FLB
// object's lock, wants the harness mutex at its driver point.
TEST(SchedPort, DeadlockInsideThePortIsReportedAndUnwound) {
    TinyMutex m;
    SchedConfig cfg = config(Strategy::chooser);
    cfg.chooser = [&](const std::vector<int> &run, int, lu_sched_kind, const void *) {
        int want = m.owner ? 1 : 0; // thread 0 takes m, then thread 1 runs
        for (size_t i = 0; i < run.size(); i++)
            if (run[i] == want) return i;
        return size_t(0);
    };
    Scheduler s(cfg);
    PortWorld pw(s, 2);
    port_extra = [&](lu_sched_kind kind) {
        if (kind == LU_SCHED_driver && s.current_task() == 2 && m.lock(s)) m.unlock(s);
    };
    int ret[2] = {-1, -1};
    bool finished[2] = {};
    SchedResult r = s.run(2, [&](int t) {
        if (t == 0) {
            ASSERT_TRUE(m.lock(s));
        }
        ret[t] = pw.w.domain_preserve(pw.domains[size_t(t)]);
        if (t == 0) m.unlock(s);
        finished[t] = true;
    });
    port_extra = nullptr;
    EXPECT_TRUE(r.deadlock);
    EXPECT_TRUE(finished[0] && finished[1]);
    EXPECT_EQ(ret[0], sut::kFatal);
    EXPECT_TRUE(pw.w.dead());
    ASSERT_GE(pw.w.events_of(LU_EV_lock), 1u);
    sut::Event ev = pw.w.events().front();
    EXPECT_EQ(ev.kind, LU_EV_lock);
    EXPECT_EQ(ev.task, 1);
    EXPECT_NE(ev.msg.find("deadlock"), std::string::npos) << ev.msg;
}

} // namespace
} // namespace lu::test
