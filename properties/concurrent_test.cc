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

// The property can fail: a seeded race is found.
TEST(Concurrent, FindsTheTailReadBeforeTheLock) {
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_tail_read_before_lock});
    GenConfig cfg;
    cfg.block_percent = 25;
    bool found = false;
    for (uint64_t seed = 0; seed < 20000 && !found; seed++) {
        SeededChoices c(seed);
        RunOptions o = opt;
        o.sched_seed = seed;
        found = !run_program(generate(c, cfg), o).ok;
    }
    EXPECT_TRUE(found);
}

} // namespace
} // namespace lu
