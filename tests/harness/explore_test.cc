// Exhaustive exploration of a concurrent block: it covers every interleaving
// (fewer with the reduction), finds a seeded race, and the failing schedule
// it returns replays to the same failure; a preemption bound keeps it to the
// schedules within it.
#include <gtest/gtest.h>

#include <sut.h>

#include "explore.h"
#include "test_support.h"

namespace lu {
namespace {

using test::kTailRace;

TEST(Explore, CoversTheBlockWithFewerSchedulesThanNaive) {
    const Program p = test::must_parse(kTailRace);
    ExploreOptions eo;
    eo.reduce = false;
    const ExploreResult naive = explore(p, RunOptions{}, eo);
    eo.reduce = true;
    const ExploreResult reduced = explore(p, RunOptions{}, eo);
    EXPECT_TRUE(naive.complete);
    EXPECT_TRUE(reduced.complete);
    EXPECT_FALSE(naive.failed) << naive.verdict.detail;
    EXPECT_FALSE(reduced.failed) << reduced.verdict.detail;
    EXPECT_GT(reduced.explored, 1u);
    EXPECT_LT(reduced.explored * 2, naive.explored);
}

TEST(Explore, FindsTheTailRaceAndItsScheduleReplays) {
    const Program p = test::must_parse(kTailRace);
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_tail_read_before_lock});
    const ExploreResult r = explore(p, opt, ExploreOptions{});
    ASSERT_TRUE(r.failed);
    EXPECT_EQ(r.verdict.signature, "linearizability:domain_preserve");
    ASSERT_EQ(r.failing.schedules.size(), 1u);
    EXPECT_FALSE(r.failing.schedules[0].empty());
    // The schedule replays, whatever the run's own strategy would pick.
    RunOptions replay = opt;
    replay.sched_seed = 12345;
    EXPECT_EQ(run_program(r.failing, replay).signature, r.verdict.signature);
}

TEST(Explore, StopsAtItsBound) {
    const Program p = test::must_parse(kTailRace);
    ExploreOptions eo;
    eo.max_runs = 3;
    const ExploreResult r = explore(p, RunOptions{}, eo);
    EXPECT_FALSE(r.complete);
    EXPECT_EQ(r.explored + r.pruned, 3u);
}

TEST(Explore, PreemptionBoundKeepsToSchedulesWithinIt) {
    const Program p = test::must_parse(kTailRace);
    ExploreOptions eo;
    eo.lock_points_only = false;
    size_t last = 0;
    for (size_t k : {size_t(0), size_t(1), size_t(2)}) {
        eo.max_preemptions = k;
        const ExploreResult r = explore(p, RunOptions{}, eo);
        EXPECT_TRUE(r.complete) << k;
        EXPECT_FALSE(r.failed) << r.verdict.detail;
        EXPECT_GT(r.explored, last) << "a larger bound runs more schedules: " << k;
        last = r.explored;
    }
    // With no preemption each thread runs to its end once started: one
    // schedule per order of the starts.
    eo.max_preemptions = 0;
    EXPECT_EQ(explore(p, RunOptions{}, eo).explored, 2u);
    // The race needs one preemption; the bound of 1 finds it with one.
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_tail_read_before_lock});
    EXPECT_FALSE(explore(p, opt, eo).failed);
    eo.max_preemptions = 1;
    const ExploreResult r = explore(p, opt, eo);
    ASSERT_TRUE(r.failed);
    EXPECT_EQ(r.verdict.preemptions, 1u);
}

} // namespace
} // namespace lu
