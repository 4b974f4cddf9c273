// Concurrent properties: programs with concurrent blocks (preservers racing
// on the chain tail and on IOMMU-unit refcounts, first-file FLB creation,
// restores racing each other) must linearize against the model, with no
// deadlock and no lock misuse, under random and PCT scheduling.
#include <cstdlib>
#include <optional>

#include <sut.h>

#include "executor.h"
#include "failure_report.h"
#include "program_gen.h"

namespace lu {
namespace {

void check_concurrent(const std::string &name, const std::string &strategy) {
    RunOptions opt;
    opt.strategy = strategy;
    GenConfig cfg;
    cfg.block_percent = 25;
    std::optional<std::pair<Program, Verdict>> last;
    uint64_t n = 0;
    const bool ok = rc::check(name, [&] {
        Program p = *arbitrary_program(cfg);
        RunOptions o = opt;
        o.sched_seed = ++n;
        Verdict v = run_program(p, o);
        if (is_known_defect(v)) return;
        if (!v.ok) {
            p.schedules = v.schedules; // the failing interleavings
            last.emplace(p, v);
        }
        RC_ASSERT(v.ok);
    });
    if (!ok && last) FAIL() << report_property_failure(name, last->first, opt, last->second);
    EXPECT_TRUE(ok);
}

TEST(Concurrent, LinearizableUnderRandomScheduling) {
    check_concurrent("concurrent_random", "random");
}

TEST(Concurrent, LinearizableUnderPct) { check_concurrent("concurrent_pct", "pct"); }

// The property can fail: each seeded race is found by each strategy.
struct Race {
    lu_bug bug;
    const char *strategy;
};

void PrintTo(const Race &r, std::ostream *os) {
    *os << lu_bug_info[r.bug].name << "/" << r.strategy;
}

class FindsRace : public ::testing::TestWithParam<Race> {};

TEST_P(FindsRace, WithinTheBudget) {
    RunOptions opt;
    opt.bugs = sut::bug_mask({GetParam().bug});
    opt.strategy = GetParam().strategy;
    GenConfig cfg;
    cfg.block_percent = 25;
    bool found = false;
    for (uint64_t seed = 0; seed < 40000 && !found; seed++) {
        SeededChoices c(seed);
        RunOptions o = opt;
        o.sched_seed = seed;
        found = !run_program(generate(c, cfg), o).ok;
    }
    EXPECT_TRUE(found);
}

INSTANTIATE_TEST_SUITE_P(Seeded, FindsRace,
                         ::testing::Values(Race{LU_BUG_no_lock, "random"},
                                           Race{LU_BUG_no_lock, "pct"},
                                           Race{LU_BUG_tail_read_before_lock, "random"},
                                           Race{LU_BUG_tail_read_before_lock, "pct"},
                                           Race{LU_BUG_refcount_outside_lock, "random"},
                                           Race{LU_BUG_refcount_outside_lock, "pct"},
                                           Race{LU_BUG_v2_put_under_lock, "random"},
                                           Race{LU_BUG_v2_put_under_lock, "pct"}),
                         [](const ::testing::TestParamInfo<Race> &i) {
                             return std::string(lu_bug_info[i.param.bug].name) + "_" +
                                    i.param.strategy;
                         });

} // namespace
} // namespace lu
