// The facade's contract: independent, deterministic worlds; invalid handles
// give -EINVAL; the LUO FLB lifecycle and its counts; bug-set parsing.
#include <gtest/gtest.h>

#include "test_util.h"

namespace lu::test {
namespace {

using sut::Chain;

// A small scenario returning everything observable, for comparisons.
std::string scenario(sut::World &w) {
    std::string out;
    int f = w.file_open(), u = w.unit_add();
    out += std::to_string(w.file_preserve(f));
    for (int i = 0; i < 30; i++) {
        int d = w.domain_alloc(f);
        w.domain_map(d, uint64_t(i) << 22, 3);
        out += std::to_string(w.domain_preserve(d));
        int v = w.dev_add(u, 0, i);
        w.dev_attach(v, d);
        out += std::to_string(w.dev_preserve(v));
        if (i % 4 == 0) out += std::to_string(w.dev_unpreserve(v));
    }
    for (Chain c : sut::kChains)
        for (const auto &p : w.chain(c).pages)
            out += std::to_string(p.phys) + ":" + std::string(p.bytes.begin(), p.bytes.end());
    for (const auto &fr : w.preserved_frames()) out += std::to_string(fr.pfn) + ",";
    return out;
}

TEST(World, SameOperationsGiveTheSameMachine) {
    sut::World a, b;
    EXPECT_EQ(scenario(a), scenario(b));
}

TEST(World, InterleavedWorldsDoNotInterfere) {
    sut::World solo;
    std::string expected = scenario(solo);
    sut::World x, y;
    int fx = x.file_open(), fy = y.file_open();
    EXPECT_EQ(fx, fy);
    EXPECT_EQ(x.file_preserve(fx), 0);
    // y does a lot of unrelated work while x exists.
    for (int i = 0; i < 50; i++) y.domain_alloc(fy);
    sut::World z;
    EXPECT_EQ(scenario(z), expected);
}

TEST(World, InvalidHandlesGetEinval) {
    sut::World w;
    EXPECT_EQ(w.domain_preserve(0), -EINVAL);
    EXPECT_EQ(w.domain_preserve(-1), -EINVAL);
    EXPECT_EQ(w.domain_unpreserve(99), -EINVAL);
    EXPECT_EQ(w.dev_preserve(3), -EINVAL);
    EXPECT_EQ(w.dev_unpreserve(-7), -EINVAL);
    EXPECT_EQ(w.file_preserve(0), -EINVAL);
    EXPECT_EQ(w.domain_alloc(5), -EINVAL);
    EXPECT_EQ(w.dev_add(0, 0, 1), -EINVAL);
    EXPECT_EQ(w.dev_attach(0, 0), -EINVAL);
    EXPECT_EQ(w.domain_map(0, 0, 1), -EINVAL);
    EXPECT_EQ(w.unit_restore(0), -EINVAL);
    EXPECT_EQ(w.dev_restore(0), -EINVAL);
    EXPECT_EQ(w.file_finish(0), -EINVAL);
    int f = w.file_open();
    int d = w.domain_alloc(f);
    EXPECT_EQ(w.domain_map(d, 0, 0), -EINVAL) << "no pages";
    EXPECT_EQ(w.domain_map(d, 123, 1), -EINVAL) << "unaligned";
    EXPECT_EQ(w.domain_map(d, 1ull << 39, 1), -EINVAL) << "beyond the address space";
    EXPECT_EQ(w.domain_map(d, 0, 1ull << 40), -EINVAL) << "absurd size";
    EXPECT_FALSE(w.dead());
    EXPECT_EQ(w.events_total(), 0u);
}

TEST(World, DomainsOfTheOldKernelAreGoneAfterKexec) {
    Machine m;
    int d = m.new_domain();
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    ASSERT_EQ(m.w.kexec(), 0);
    EXPECT_FALSE(m.w.domain_alive(d));
    EXPECT_EQ(m.w.domain_preserve(d), -EINVAL);
    EXPECT_EQ(m.w.boot(), 1u);
}

TEST(World, FreedMemoryBeforeKexecIsFine) {
    // A frame freed before kexec sits in a chunk that kexec poisons whole.
    sut::World w;
    int f = w.file_open();
    int d = w.domain_alloc(f);
    ASSERT_EQ(w.domain_free(d), 0);
    EXPECT_EQ(w.kexec(), 0);
    EXPECT_FALSE(w.dead());
}

TEST(World, DriverWithoutLiveUpdateOpsIsRefused) {
    Machine m;
    int d = m.w.domain_alloc(m.file, false);
    EXPECT_EQ(m.w.domain_preserve(d), -EOPNOTSUPP);
    EXPECT_EQ(m.w.domain_unpreserve(d), 0);
    EXPECT_EQ(m.w.events_total(), 0u);
}

TEST(World, PreservedDomainCannotBeFreed) {
    Machine m;
    int d = m.new_domain();
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    EXPECT_EQ(m.w.domain_free(d), -EBUSY);
    ASSERT_EQ(m.w.domain_unpreserve(d), 0);
    EXPECT_EQ(m.w.domain_free(d), 0);
    EXPECT_EQ(m.w.domain_free(d), -EINVAL);
}

TEST(World, PreservedDomainKeepsItsMappings) {
    Machine m;
    int d = m.new_domain(0, 1);
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    EXPECT_EQ(m.w.domain_map(d, 0x10000, 1), -EBUSY);
    ASSERT_EQ(m.w.domain_unpreserve(d), 0);
    EXPECT_EQ(m.w.domain_map(d, 0x10000, 1), 0);
}

TEST(World, DomainOfAPreservedDeviceStaysPreserved) {
    Machine m;
    int d = m.new_domain();
    int v = m.new_device(d);
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    ASSERT_EQ(m.w.dev_preserve(v), 0);
    EXPECT_EQ(m.w.domain_unpreserve(d), -EBUSY);
    EXPECT_NE(m.w.domain_slot(d), 0u);
    ASSERT_EQ(m.w.dev_unpreserve(v), 0);
    EXPECT_EQ(m.w.domain_unpreserve(d), 0);
    EXPECT_EQ(m.w.domain_slot(d), 0u);
}

TEST(Flb, LastFileReleasesEverythingStillPreserved) {
    sut::World w;
    int f1 = w.file_open(), f2 = w.file_open(), u = w.unit_add();
    int d = w.domain_alloc(f2); // f2 is never preserved
    int v = w.dev_add(u, 0, 7);
    w.dev_attach(v, d);
    ASSERT_EQ(w.file_preserve(f1), 0);
    ASSERT_EQ(w.domain_preserve(d), 0);
    ASSERT_EQ(w.dev_preserve(v), 0);
    ASSERT_EQ(w.file_unpreserve(f1), 0);
    EXPECT_EQ(w.domain_slot(d), 0u);
    EXPECT_EQ(w.dev_slot(v), 0u);
    EXPECT_EQ(w.unit_slot(u), 0u);
    EXPECT_TRUE(w.preserved_frames().empty());
    EXPECT_EQ(w.events_total(), 0u) << events_text(w);
}

TEST(Flb, FirstFileCreatesItLastFileDestroysIt) {
    sut::World w;
    int f1 = w.file_open(), f2 = w.file_open();
    EXPECT_FALSE(w.flb().out_obj);
    ASSERT_EQ(w.file_preserve(f1), 0);
    EXPECT_EQ(w.flb().out_count, 1);
    EXPECT_EQ(w.preserved_frames().size(), 4u) << "FLB data + three chain heads";
    ASSERT_EQ(w.file_preserve(f2), 0);
    EXPECT_EQ(w.flb().out_count, 2);
    EXPECT_EQ(w.file_preserve(f2), -EBUSY);
    ASSERT_EQ(w.file_unpreserve(f1), 0);
    EXPECT_TRUE(w.flb().out_obj);
    ASSERT_EQ(w.file_unpreserve(f2), 0);
    EXPECT_FALSE(w.flb().out_obj);
    EXPECT_TRUE(w.preserved_frames().empty());
    EXPECT_EQ(w.kmem_live(), 0u);
    EXPECT_EQ(w.events_total(), 0u);
}

TEST(Flb, FileUnpreserveUndoesItsDomainsAndDevices) {
    Machine m;
    int d = m.new_domain(0, 4);
    int v = m.new_device(d);
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    ASSERT_EQ(m.w.dev_preserve(v), 0);
    ASSERT_EQ(m.w.file_unpreserve(m.file), 0);
    EXPECT_EQ(m.w.domain_slot(d), 0u);
    EXPECT_EQ(m.w.dev_slot(v), 0u);
    EXPECT_EQ(m.w.unit_slot(m.unit), 0u);
    EXPECT_TRUE(m.w.preserved_frames().empty());
    EXPECT_EQ(m.w.events_total(), 0u) << events_text(m.w);
}

TEST(Flb, FilePreserveIsAllOrNothing) {
    sut::World w;
    int f = w.file_open();
    int d1 = w.domain_alloc(f), d2 = w.domain_alloc(f);
    (void)d1;
    FaultPlan plan;
    plan.fail[LU_SITE_drv_domain_preserve] = {2}; // d2's driver op
    plan.install(w);
    EXPECT_EQ(w.file_preserve(f), -EIO);
    EXPECT_EQ(w.domain_slot(d1), 0u);
    EXPECT_EQ(w.domain_slot(d2), 0u);
    EXPECT_TRUE(w.preserved_frames().empty());
    EXPECT_FALSE(w.flb().out_obj);
}

TEST(Flb, CountsTravelAndFinishRunsOnce) {
    sut::World w;
    int f1 = w.file_open(), f2 = w.file_open();
    ASSERT_EQ(w.file_preserve(f1), 0);
    ASSERT_EQ(w.file_preserve(f2), 0);
    ASSERT_EQ(w.kexec(), 0);
    EXPECT_EQ(w.flb().in_count, 2);
    EXPECT_FALSE(w.flb().retrieved);
    ASSERT_EQ(w.file_finish(f1), 0);
    EXPECT_FALSE(w.flb().finished);
    ASSERT_EQ(w.file_finish(f2), 0);
    EXPECT_TRUE(w.flb().finished);
    EXPECT_TRUE(w.incoming_frames().empty()) << "finish retrieved and freed every page";
    EXPECT_EQ(w.file_finish(f2), -ENOENT);
    EXPECT_EQ(w.events_total(), 0u) << events_text(w);
}

TEST(Flb, PreserveWithoutAnyFileIsRefused) {
    sut::World b; // the default LUO generation: no object, -ENOENT
    int f = b.file_open();
    int d = b.domain_alloc(f);
    EXPECT_EQ(b.domain_preserve(d), -ENOENT);
    sut::World a(sut::bug_mask({LU_BUG_luo_gen_a})); // older LUO: NULL object
    f = a.file_open();
    d = a.domain_alloc(f);
    EXPECT_EQ(a.domain_preserve(d), -EINVAL);
}

TEST(Bugs, SetsAndNames) {
    uint64_t mask = 0;
    std::string err;
    EXPECT_TRUE(sut::parse_bugs("fixed", &mask, &err));
    EXPECT_EQ(mask, 0u);
    EXPECT_TRUE(sut::parse_bugs("v2", &mask, &err));
    EXPECT_EQ(mask, sut::bug_set_v2());
    EXPECT_TRUE(sut::parse_bugs("cap_gt,nr_no_inc", &mask, &err));
    EXPECT_EQ(mask, sut::bug_mask({LU_BUG_cap_gt, LU_BUG_nr_no_inc}));
    EXPECT_FALSE(sut::parse_bugs("cap_gt,no_such_bug", &mask, &err));
    EXPECT_NE(err.find("no_such_bug"), std::string::npos);
    EXPECT_EQ(sut::errno_name(-ENOMEM), "-ENOMEM");
    EXPECT_EQ(sut::errno_name(-EBUSY), "-EBUSY");
    EXPECT_EQ(sut::errno_name(sut::kFatal), "FATAL");
}

} // namespace
} // namespace lu::test
