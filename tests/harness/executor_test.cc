// The executor's contract: deterministic verdicts and traces, the model and
// the port name the same fault sites, faults fire where the plan puts them,
// and failures carry a signature of kind, op and site.
#include <gtest/gtest.h>

#include <cstring>

#include "executor.h"
#include "gen.h"
#include "lu_text.h"
#include <model.h>
#include <sut.h>

#include "test_support.h"

namespace lu {
namespace {

TEST(Executor, ModelAndPortNameTheSameFaultSites) {
    ASSERT_EQ(model::kNumSites, int(LU_NR_SITES));
    for (int i = 0; i < model::kNumSites; i++)
        EXPECT_STREQ(model::site_name(model::Site(i)), lu_site_name(lu_site(i)));
}

TEST(Executor, SameProgramSameTraceByteForByte) {
    for (uint64_t seed = 0; seed < 200; seed++) {
        SeededChoices a(seed), b(seed);
        GenConfig cfg;
        const Program p = generate(a, cfg);
        ASSERT_EQ(p, generate(b, cfg)) << "the generator is deterministic";
        RunOptions opt;
        opt.trace = true;
        opt.bugs = seed % 2 ? sut::bug_set_v2() : 0;
        const Verdict v1 = run_program(p, opt), v2 = run_program(p, opt);
        EXPECT_EQ(v1.trace, v2.trace);
        EXPECT_EQ(v1.signature, v2.signature);
        EXPECT_EQ(v1.detail, v2.detail);
        EXPECT_EQ(v1.site_calls, v2.site_calls);
    }
}

TEST(Executor, FaultFiresOnItsStepAndIsTraced) {
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
d0 = domain_alloc(f0)
file_preserve(f0)  (fail: kho_alloc_preserve#3)
file_preserve(f0)
)");
    RunOptions opt;
    opt.trace = true;
    const Verdict v = run_program(p, opt);
    ASSERT_TRUE(v.ok) << v.signature << ": " << v.detail;
    ASSERT_EQ(v.trace.size(), 4u);
    EXPECT_NE(v.trace[2].find("model -ENOMEM, port -ENOMEM"), std::string::npos) << v.trace[2];
    EXPECT_NE(v.trace[2].find("fired: kho_alloc_preserve x1"), std::string::npos) << v.trace[2];
    EXPECT_NE(v.trace[3].find("model 0, port 0"), std::string::npos) << v.trace[3];
    // The FLB's four pages, twice, plus its three table pages once.
    EXPECT_EQ(v.site_calls[LU_SITE_kho_alloc_preserve], 3u + 4u);
}

TEST(Executor, PersistentFaultKeepsFailingInLaterSteps) {
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
u0 = unit_add()  (fail: alloc_pages#1+)
u1 = unit_add()
d0 = domain_alloc(f0)
)");
    RunOptions opt;
    opt.trace = true;
    const Verdict v = run_program(p, opt);
    ASSERT_TRUE(v.ok) << v.detail;
    EXPECT_NE(v.trace[2].find("port -ENOMEM"), std::string::npos) << v.trace[2];
    EXPECT_NE(v.trace[3].find("port -ENOMEM"), std::string::npos) << v.trace[3];
}

TEST(Executor, SignatureNamesKindOpAndSite) {
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_cap_gt});
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
file_preserve(f0)
d0 = domain_alloc(f0)
domain_churn(d0, 121)
)");
    const Verdict v = run_program(p, opt);
    ASSERT_FALSE(v.ok);
    EXPECT_EQ(v.signature, "fault-calls:domain_churn:kho_alloc_preserve");
    EXPECT_EQ(v.step, 3);
    EXPECT_EQ(v.site, "kho_alloc_preserve");
}

TEST(Executor, FailureIdentityIsTheOracleDetailWithoutItsNumbers) {
    auto failed = [](std::string kind, std::string detail) {
        Verdict v;
        v.ok = false;
        v.kind = kind;
        v.signature = kind + ":domain_preserve";
        v.detail = std::move(detail);
        return v;
    };
    const Verdict a = failed("I4-backptr", "domain d0: should point at slot 3, points nowhere");
    const Verdict b = failed("I4-backptr", "domain d7: should point at slot 120, points nowhere");
    const Verdict c = failed("I4-backptr", "domain d0: should not be preserved, points at a slot");
    EXPECT_EQ(failure_identity(a), failure_identity(b));
    EXPECT_NE(failure_identity(a), failure_identity(c));
    EXPECT_EQ(failure_identity(a).rfind("I4-backptr:domain_preserve|", 0), 0u)
        << failure_identity(a);
    // Hexadecimal addresses go whole; a list's repeated parts count once.
    EXPECT_EQ(failure_identity(failed("event-kho", "unpreserve of pfn 0x10ab, not preserved")),
              failure_identity(failed("event-kho", "unpreserve of pfn 0xc, not preserved")));
    EXPECT_EQ(failure_identity(failed("leak", "holds 2; frame 1 from f(); frame 2 from f()")),
              failure_identity(failed("leak", "holds 1; frame 9 from f()")));
    EXPECT_NE(failure_identity(failed("leak", "holds 2; frame 1 from f(); frame 2 from g()")),
              failure_identity(failed("leak", "holds 1; frame 9 from f()")));
    // A linearizability detail reports a search: only the signature counts.
    EXPECT_EQ(failure_identity(failed("linearizability", "closest: order t0 t1 ...")),
              "linearizability:domain_preserve");
    EXPECT_EQ(failure_identity(Verdict{}), "");
}

// One file through preserve, kexec and finish.
constexpr const char *kOneLiveUpdate = R"(# lu-repro v1
f0 = file_open()
file_preserve(f0)
kexec()
file_finish(f0)
)";

TEST(Executor, LeakNamesWhatLeakedAndWhereItWasAllocated) {
    const Program p = test::must_parse(kOneLiveUpdate);
    EXPECT_TRUE(run_program(p, RunOptions{}).ok);
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_finish_forget_ser});
    const Verdict v = run_program(p, opt);
    ASSERT_FALSE(v.ok);
    EXPECT_EQ(v.signature, "leak:file_finish");
    EXPECT_NE(v.detail.find("holds 0 slab block(s) and 1 frame(s), the model expects 0 and 0"),
              std::string::npos)
        << v.detail;
    EXPECT_NE(v.detail.find("from iommu_flb_retrieve() at drivers/iommu/liveupdate_flb.c:"),
              std::string::npos)
        << v.detail;
}

TEST(Executor, FatalEventNamesTheSeriesLineThatCalledThePrimitive) {
    // finish puts a chain page twice: folio_put reports the freed frame, and
    // the line of the series that called it.
    const Program p = test::must_parse(kOneLiveUpdate);
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_finish_double_put});
    const Verdict v = run_program(p, opt);
    ASSERT_EQ(v.signature, "fatal-mem:file_finish") << v.detail;
    EXPECT_NE(v.detail.find("[from put_chain() at drivers/iommu/liveupdate_flb.c:"),
              std::string::npos)
        << v.detail;
}

TEST(Executor, LeakAfterABlockIsALeakNotLinearizability) {
    // Every order of the two finishes gives their results; the frame the last
    // one leaves behind is what fails, whichever it was.
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
f1 = file_open()
file_preserve(f0)
file_preserve(f1)
kexec()
concurrent {
  t0: file_finish(f0)
  t1: file_finish(f1)
}
)");
    RunOptions opt;
    EXPECT_TRUE(run_program(p, opt).ok);
    opt.bugs = sut::bug_mask({LU_BUG_finish_forget_ser});
    const Verdict v = run_program(p, opt);
    ASSERT_FALSE(v.ok);
    EXPECT_EQ(v.kind, "leak") << v.detail;
    EXPECT_NE(v.detail.find("order(s) that give its results"), std::string::npos) << v.detail;
}

TEST(Executor, LinearizabilityNamesTheSiteWhoseCallsDiffer) {
    // The same churn as above, in a block: the results agree, the calls do not.
    RunOptions opt;
    opt.bugs = sut::bug_mask({LU_BUG_cap_gt});
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
file_preserve(f0)
d0 = domain_alloc(f0)
concurrent {
  t0: domain_churn(d0, 121)
}
)");
    const Verdict v = run_program(p, opt);
    ASSERT_FALSE(v.ok);
    EXPECT_EQ(v.signature, "linearizability:domain_churn");
    EXPECT_NE(v.detail.find("both gave 0, but the port made 0 call(s) of kho_alloc_preserve, "
                            "the model 1"),
              std::string::npos)
        << v.detail;
}

TEST(Executor, SearchOutOfBudgetIsInconclusiveNotAFailure) {
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
file_preserve(f0)
d0 = domain_alloc(f0)
d1 = domain_alloc(f0)
concurrent {
  t0: domain_preserve(d0)
  t1: domain_preserve(d1)
}
domain_unpreserve(d0)
)");
    RunOptions opt;
    const Verdict whole = run_program(p, opt);
    ASSERT_TRUE(whole.ok) << whole.detail;
    EXPECT_FALSE(whole.inconclusive);
    EXPECT_EQ(whole.steps_run, p.steps.size());
    opt.linearize_budget = 1;
    const Verdict v = run_program(p, opt);
    EXPECT_TRUE(v.ok);
    EXPECT_TRUE(v.inconclusive);
    EXPECT_EQ(v.step, 4);
    EXPECT_TRUE(v.signature.empty());
    EXPECT_NE(v.detail.find("ran out of its budget (1 prefixes)"), std::string::npos) << v.detail;
    EXPECT_LT(v.steps_run, p.steps.size()); // the step after the block did not run
}

TEST(Executor, PanicThatTheModelPredictsEndsTheRunCleanly) {
    // A chain page that cannot be restored is fatal by design.
    const Program p = test::must_parse(R"(# lu-repro v1
f0 = file_open()
u0 = unit_add()
file_preserve(f0)
kexec()
unit_restore(u0)  (fail: kho_restore_folio#2)
file_finish(f0)
)");
    const Verdict v = run_program(p, RunOptions{});
    EXPECT_TRUE(v.ok) << v.signature << ": " << v.detail;
    EXPECT_TRUE(v.ended_by_panic);
    EXPECT_EQ(v.steps_run, 5u);
}

} // namespace
} // namespace lu
