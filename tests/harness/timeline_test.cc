// The timeline recorder: on the concurrent reproducers it sees the mutex
// hold, wait and preemption spans the schedule implies and the step that
// fails; faults carry their site and call; and recording changes nothing
// about the run (verdict, trace, schedule).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "executor.h"
#include "gen.h"
#include "lu_text.h"
#include "timeline.h"
#include <sut.h>

#include "test_support.h"

namespace lu {
namespace {

std::string corpus(const std::string &name) { return std::string(LU_CORPUS_DIR) + "/" + name; }

struct Recorded {
    Verdict v;
    Timeline t;
    std::vector<TlSpan> spans;
};

Recorded record(const Program &p) {
    Recorded r;
    RunOptions opt;
    std::string err;
    EXPECT_TRUE(sut::parse_bugs(p.bugs, &opt.bugs, &err)) << err;
    opt.timeline = &r.t;
    r.v = run_program(p, opt);
    r.spans = timeline_spans(r.t);
    return r;
}

Recorded record_file(const std::string &path) {
    ParseResult pr = parse_file(path);
    EXPECT_TRUE(pr) << pr.error.str();
    return pr ? record(*pr.program) : Recorded{};
}

int object(const Timeline &t, const std::string &name) {
    auto it = std::find(t.objects.begin(), t.objects.end(), name);
    return it == t.objects.end() ? -1 : int(it - t.objects.begin());
}

std::vector<TlSpan> spans_of(const Recorded &r, TlSpan::Kind k, int lane, int obj = -2) {
    std::vector<TlSpan> out;
    for (const TlSpan &s : r.spans)
        if (s.kind == k && s.lane == lane && (obj == -2 || s.obj == obj)) out.push_back(s);
    return out;
}

// No two threads hold one mutex at once.
void expect_mutual_exclusion(const Recorded &r) {
    for (const TlSpan &a : r.spans) {
        for (const TlSpan &b : r.spans) {
            if (a.kind != TlSpan::Kind::hold || b.kind != TlSpan::Kind::hold || a.obj != b.obj ||
                a.lane == b.lane)
                continue;
            EXPECT_FALSE(a.from < b.to && b.from < a.to)
                << r.t.objects[size_t(a.obj)] << ": t" << a.lane - 1 << " [" << a.from << ","
                << a.to << ") and t" << b.lane - 1 << " [" << b.from << "," << b.to << ")";
        }
    }
}

TEST(Timeline, PutUnderLockHoldsTheFlbLockUntilItDies) {
    const Recorded r = record_file(corpus("0008-v2-put-under-lock.lu"));
    const Timeline &t = r.t;
    ASSERT_FALSE(r.v.ok);
    EXPECT_EQ(t.signature, "fatal-lock:dev_restore");
    EXPECT_EQ(t.fail_step, 10);
    EXPECT_EQ(t.threads, 2);
    // t1's dev_restore raised the fatal report: it is the step marked failing.
    EXPECT_EQ(t.failing_steps, std::vector<int>{10});
    EXPECT_EQ(t.steps[10].lane, 2);
    EXPECT_EQ(t.steps[10].ret, sut::kFatal);
    const auto fatal = std::find_if(t.events.begin(), t.events.end(), [](const TlEvent &e) {
        return e.ev == TlEv::report && e.value == 1;
    });
    ASSERT_NE(fatal, t.events.end());
    EXPECT_EQ(fatal->lane, 2);
    EXPECT_EQ(fatal->step, 10);
    EXPECT_NE(fatal->text.find("&obj->lock destroyed while held"), std::string::npos);

    // t1 takes its device's probe lock, then the FLB lock, and holds both
    // until the port dies inside its step.
    const int probe = object(t, "v0 probe"), flb = object(t, "FLB lock");
    ASSERT_GE(probe, 0);
    ASSERT_GE(flb, 0);
    const auto p = spans_of(r, TlSpan::Kind::hold, 2, probe);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].to, t.steps[10].end);
    const auto f = spans_of(r, TlSpan::Kind::hold, 2, flb);
    ASSERT_EQ(f.size(), 2u) << "retrieve, then the restore that dies";
    EXPECT_LT(f[0].to, f[1].from);
    EXPECT_EQ(f[1].to, t.steps[10].end);
    EXPECT_GT(f[1].from, t.steps[9].end) << "taken after file_finish ran";
    // Meanwhile t0's file_finish ran whole, with t1 preempted under it.
    EXPECT_TRUE(spans_of(r, TlSpan::Kind::hold, 1, flb).empty());
    EXPECT_FALSE(spans_of(r, TlSpan::Kind::hold, 1, object(t, "LUO session")).empty());
    bool covered = false;
    for (const TlSpan &s : spans_of(r, TlSpan::Kind::preempted, 2))
        covered |= s.from <= t.steps[9].begin && s.to >= t.steps[9].end;
    EXPECT_TRUE(covered) << "t1 is preempted while t0's file_finish runs";
    EXPECT_TRUE(spans_of(r, TlSpan::Kind::wait, 1).empty());
    EXPECT_TRUE(spans_of(r, TlSpan::Kind::wait, 2).empty());
    expect_mutual_exclusion(r);
    EXPECT_EQ(t.end_tick, t.ticks);
}

TEST(Timeline, TailReadBeforeLockIsPreemptedAtTheFlbLock) {
    const Recorded r = record_file(corpus("0006-tail-read-before-lock.lu"));
    const Timeline &t = r.t;
    EXPECT_EQ(t.signature, "linearizability:domain_preserve");
    EXPECT_EQ(t.failing_steps, (std::vector<int>{8, 9})) << "the whole block fails";
    const int flb = object(t, "FLB lock");
    ASSERT_GE(flb, 0);
    const auto h0 = spans_of(r, TlSpan::Kind::hold, 1, flb);
    const auto h1 = spans_of(r, TlSpan::Kind::hold, 2, flb);
    ASSERT_EQ(h0.size(), 1u);
    ASSERT_EQ(h1.size(), 1u);
    EXPECT_LT(h0[0].to, h1[0].from) << "t0 adds its page under the lock before t1 gets it";
    // t1 reached the FLB lock's point first and sat there while t0 held it.
    const auto at = std::find_if(t.events.begin(), t.events.end(), [&](const TlEvent &e) {
        return e.ev == TlEv::point && e.lane == 2 && e.sub == LU_SCHED_lock && e.obj == flb;
    });
    ASSERT_NE(at, t.events.end());
    EXPECT_LT(at->tick, h0[0].from);
    bool covered = false;
    for (const TlSpan &s : spans_of(r, TlSpan::Kind::preempted, 2))
        covered |= s.from == at->tick && s.to >= h0[0].to && s.to == h1[0].from;
    EXPECT_TRUE(covered);
    // Each thread holds its own file's lock through its whole step.
    EXPECT_EQ(spans_of(r, TlSpan::Kind::hold, 1, object(t, "file f1 ctx")).size(), 1u);
    EXPECT_EQ(spans_of(r, TlSpan::Kind::hold, 2, object(t, "file f0 ctx")).size(), 1u);
    expect_mutual_exclusion(r);
}

TEST(Timeline, ABlockedThreadWaitsUntilTheOwnerUnlocks) {
    const Recorded r = record(test::must_parse(R"(# lu-repro v1
f0 = file_open()
file_preserve(f0)
d0 = domain_alloc(f0)
d1 = domain_alloc(f0)
concurrent {
  t0: domain_preserve(d0)
  t1: domain_preserve(d1)
}
schedule: t0:start t0:lock t1:start t1:lock
)"));
    ASSERT_TRUE(r.v.ok) << r.v.signature << ": " << r.v.detail;
    const int ctx = object(r.t, "file f0 ctx");
    ASSERT_GE(ctx, 0);
    const auto w = spans_of(r, TlSpan::Kind::wait, 2, ctx);
    ASSERT_EQ(w.size(), 1u);
    const auto h0 = spans_of(r, TlSpan::Kind::hold, 1, ctx);
    const auto h1 = spans_of(r, TlSpan::Kind::hold, 2, ctx);
    ASSERT_EQ(h0.size(), 1u);
    ASSERT_EQ(h1.size(), 1u);
    EXPECT_LT(w[0].from, h0[0].to) << "t1 waits while t0 holds it";
    EXPECT_GE(w[0].from, h0[0].from);
    EXPECT_LE(h0[0].to, w[0].to);
    EXPECT_EQ(h1[0].from, w[0].to) << "t1 takes it when it runs again";
    const auto wake = std::find_if(r.t.events.begin(), r.t.events.end(), [&](const TlEvent &e) {
        return e.ev == TlEv::wake && e.lane == 1 && e.obj == ctx;
    });
    ASSERT_NE(wake, r.t.events.end());
    EXPECT_EQ(wake->tick, h0[0].to);
    expect_mutual_exclusion(r);
}

TEST(Timeline, OnlyTheFirstDeathIsTheKiller) {
    // t0's restore panics on the FLB data it cannot restore while t1 waits
    // for a lock t0 holds: t1's wait then ends in a deadlock report too.
    const Recorded r = record(test::must_parse(R"(# lu-repro v1
f0 = file_open()
u0 = unit_add()
file_preserve(f0)
v0 = dev_add(u0, 0x0000)
kexec()
concurrent {
  t0: unit_restore(u0)  (fail: kho_restore_folio#1)
  t1: dev_restore(v0)
}
schedule: t0:start t1:start t1:lock t0:lock t0:flb_get t1:flb_get t0:lock t1:lock
)"));
    EXPECT_TRUE(r.v.ok && r.v.ended_by_panic) << r.v.signature << ": " << r.v.detail;
    EXPECT_TRUE(r.t.ok && r.t.ended_by_panic);
    std::vector<TlEvent> reports;
    for (const TlEvent &e : r.t.events)
        if (e.ev == TlEv::report) reports.push_back(e);
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[0].sub, LU_EV_panic);
    EXPECT_EQ(reports[0].lane, 1);
    EXPECT_EQ(reports[0].value, 1) << "the panic killed the port";
    EXPECT_EQ(reports[1].lane, 2);
    EXPECT_EQ(reports[1].value, 0) << "t1 only found it dead";
    EXPECT_EQ(spans_of(r, TlSpan::Kind::wait, 2).size(), 1u);
    EXPECT_TRUE(r.t.failing_steps.empty());
}

TEST(Timeline, FaultsCarryTheirSiteAndCall) {
    const Recorded r = record(test::must_parse(R"(# lu-repro v1
f0 = file_open()
d0 = domain_alloc(f0)
file_preserve(f0)  (fail: kho_alloc_preserve#3)
)"));
    ASSERT_TRUE(r.v.ok);
    EXPECT_EQ(r.t.threads, 0);
    std::vector<TlEvent> faults;
    for (const TlEvent &e : r.t.events)
        if (e.ev == TlEv::fault) faults.push_back(e);
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].sub, LU_SITE_kho_alloc_preserve);
    EXPECT_EQ(faults[0].value, 3);
    EXPECT_EQ(faults[0].step, 2);
    EXPECT_EQ(faults[0].lane, 0);
    EXPECT_EQ(r.t.steps[2].ret, -ENOMEM);
    EXPECT_EQ(r.t.steps[2].text, "file_preserve(f0)  (fail: kho_alloc_preserve#3)");
    EXPECT_EQ(r.t.steps[1].text, "d0 = domain_alloc(f0)");
    EXPECT_TRUE(r.t.failing_steps.empty());
}

void expect_same_run(const Program &p, uint64_t bugs, const std::string &what) {
    RunOptions opt;
    opt.bugs = bugs;
    opt.trace = true;
    const Verdict plain = run_program(p, opt);
    Timeline t;
    opt.timeline = &t;
    const Verdict rec = run_program(p, opt);
    EXPECT_EQ(plain.ok, rec.ok) << what;
    EXPECT_EQ(plain.signature, rec.signature) << what;
    EXPECT_EQ(plain.detail, rec.detail) << what;
    EXPECT_EQ(plain.trace, rec.trace) << what;
    EXPECT_EQ(plain.schedules, rec.schedules) << what;
    EXPECT_EQ(plain.site_calls, rec.site_calls) << what;
    EXPECT_EQ(t.ok, rec.ok) << what;
    EXPECT_EQ(t.signature, rec.signature) << what;
}

TEST(Timeline, RecordingChangesNoVerdict) {
    for (const auto &e : std::filesystem::directory_iterator(LU_CORPUS_DIR)) {
        if (e.path().extension() != ".lu") continue;
        ParseResult pr = parse_file(e.path().string());
        ASSERT_TRUE(pr) << pr.error.str();
        uint64_t bugs = 0;
        std::string err;
        ASSERT_TRUE(sut::parse_bugs(pr.program->bugs, &bugs, &err)) << err;
        expect_same_run(*pr.program, bugs, e.path().filename().string());
        expect_same_run(*pr.program, 0, e.path().filename().string() + " on fixed");
    }
    for (uint64_t seed = 0; seed < 150; seed++) {
        SeededChoices c(seed);
        GenConfig cfg;
        cfg.block_percent = 25;
        const Program p = generate(c, cfg);
        expect_same_run(p, seed % 2 ? sut::bug_set_v2() : 0, "seed " + std::to_string(seed));
    }
}

} // namespace
} // namespace lu
