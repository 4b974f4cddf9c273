// Tests of the fail-nth loop (harness/fail_nth.h): nothing on the fixed port
// for every site, transient and persistent; the alloc_null_test mutation
// found with a kho_alloc_preserve fault on the right step; the run count,
// the stripping of the program's own faults, and max_runs.
#include <gtest/gtest.h>

#include <sut.h>

#include "executor.h"
#include "fail_nth.h"
#include "lu_text.h"

namespace lu {
namespace {

constexpr const char *kProgram = R"(# lu-repro v1
f0 = file_open()
u0 = unit_add()
v0 = dev_add(u0, 0x0100)
d0 = domain_alloc(f0)
domain_map(d0, 0x40000, 4)
dev_attach(v0, d0)
file_preserve(f0)
d1 = domain_alloc(f0)
d2 = domain_alloc(f0)
d3 = domain_alloc(f0)
domain_map(d2, 0x200000, 3)
domain_preserve(d1)
domain_preserve(d2)
domain_churn(d3, 125)
dev_preserve(v0)
kexec()
dev_restore(v0)
unit_restore(u0)
file_retrieve(f0)
file_finish(f0)
)";

Program program() {
    ParseResult r = parse(kProgram, "t.lu");
    EXPECT_TRUE(r) << r.error.str();
    return r ? *r.program : Program{};
}

// Calls of @site over the fault-free run of @p.
size_t total_calls(const Program &p, const RunOptions &o, lu_site site) {
    size_t n = 0;
    for (const auto &calls : site_calls_per_step(p, o)) n += calls[site];
    return n;
}

TEST(FailNth, FixedPortSurvivesEveryFault) {
    const Program p = program();
    ASSERT_TRUE(run_program(p, RunOptions{}).ok);
    size_t all = 0;
    for (int s = 0; s < LU_NR_SITES; s++) all += total_calls(p, RunOptions{}, lu_site(s));
    for (bool persistent : {false, true}) {
        FailNthOptions fo;
        fo.persistent = persistent;
        const FailNthResult r = fail_nth_loop(p, RunOptions{}, fo);
        EXPECT_FALSE(r.failed) << r.verdict.signature << ": " << r.verdict.detail << "\n"
                               << print(r.failing);
        EXPECT_TRUE(r.complete);
        EXPECT_EQ(r.runs, 2 + all); // two fault-free runs, then one per call of any site
        EXPECT_GT(r.runs, 100u);
        EXPECT_TRUE(r.verdict.ok);
    }
}

TEST(FailNth, FindsAllocNullTestWithKhoAllocPreserveFault) {
    const Program p = program();
    const RunOptions o{.bugs = sut::bug_mask({LU_BUG_alloc_null_test})};
    ASSERT_TRUE(run_program(p, o).ok); // the mutation needs a fault to show
    for (bool persistent : {false, true}) {
        FailNthOptions fo;
        fo.persistent = persistent;
        const FailNthResult r = fail_nth_loop(p, o, fo);
        ASSERT_TRUE(r.failed);
        EXPECT_FALSE(r.complete);
        EXPECT_FALSE(r.verdict.ok);
        EXPECT_FALSE(r.verdict.ended_by_panic);
        EXPECT_EQ(r.site, int(LU_SITE_kho_alloc_preserve));
        // One fault in the failing program, on the step that made call N.
        const auto per = site_calls_per_step(p, o);
        size_t faults = 0, before = 0;
        for (size_t i = 0; i < r.failing.steps.size(); i++) {
            for (const Fault &f : r.failing.steps[i].faults) {
                faults++;
                EXPECT_EQ(f.site, LU_SITE_kho_alloc_preserve);
                EXPECT_EQ(f.persistent, persistent);
                EXPECT_LE(f.nth, per[i][f.site]);
                EXPECT_EQ(before + f.nth, r.call);
            }
            before += per[i][LU_SITE_kho_alloc_preserve];
        }
        EXPECT_EQ(faults, 1u);
        // The failing program replays to the same verdict.
        const Verdict again = run_program(r.failing, o);
        EXPECT_EQ(again.signature, r.verdict.signature);
        EXPECT_EQ(again.step, r.verdict.step);
    }
}

TEST(FailNth, SitesAreRestrictedAndCounted) {
    const Program p = program();
    FailNthOptions fo;
    fo.sites = {LU_SITE_kzalloc, LU_SITE_drv_domain_preserve};
    const FailNthResult r = fail_nth_loop(p, RunOptions{}, fo);
    EXPECT_FALSE(r.failed);
    EXPECT_TRUE(r.complete);
    EXPECT_EQ(r.runs, 2 + total_calls(p, RunOptions{}, LU_SITE_kzalloc) +
                          total_calls(p, RunOptions{}, LU_SITE_drv_domain_preserve));
}

TEST(FailNth, ProgramsOwnFaultsAreStripped) {
    Program p = program();
    // Alone, this fault shows the mutation; the loop must not keep it.
    p.steps[6].faults = {Fault{LU_SITE_kho_alloc_preserve, 1, true}};
    const RunOptions o{.bugs = sut::bug_mask({LU_BUG_alloc_null_test})};
    ASSERT_FALSE(run_program(p, o).ok);
    FailNthOptions fo;
    fo.max_runs = 2;
    const FailNthResult r = fail_nth_loop(p, o, fo);
    EXPECT_FALSE(r.failed);
    EXPECT_FALSE(r.complete);
    EXPECT_EQ(r.runs, 2u);
}

TEST(FailNth, FailingFaultFreeRunIsTheResult) {
    Program p = program();
    const RunOptions o{.bugs = sut::bug_set_v2()};
    // Under v2 a second preserve of d1 is accepted: the model says -EBUSY.
    p.steps.insert(p.steps.begin() + 12, Step{Op::domain_preserve, {1, 0, 0}, {}});
    const FailNthResult r = fail_nth_loop(p, o, FailNthOptions{});
    ASSERT_TRUE(r.failed);
    EXPECT_EQ(r.runs, 1u);
    EXPECT_EQ(r.site, -1);
    EXPECT_EQ(r.verdict.signature, "differential:domain_preserve");
    EXPECT_EQ(r.failing, p);
}

TEST(FailNth, MaxRunsIsRespected) {
    FailNthOptions fo;
    fo.max_runs = 10;
    const FailNthResult r = fail_nth_loop(program(), RunOptions{}, fo);
    EXPECT_EQ(r.runs, 10u);
    EXPECT_FALSE(r.complete);
    EXPECT_FALSE(r.failed);
}

} // namespace
} // namespace lu
