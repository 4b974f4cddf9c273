// Fault atomicity: an injected failure leaves the machine as it was (I9),
// except for the one documented deleted slot when the driver op fails after
// the slot was handed out.
#include <gtest/gtest.h>

#include "test_util.h"

namespace lu::test {
namespace {

using sut::Chain;

// Fill the domain chain to exactly M slots, then fail the page allocation
// the next preserve needs: nothing at all may change.
TEST(Fault, FailedChainPageAllocationChangesNothing) {
    Machine m;
    int d = m.new_domain();
    const uint64_t mx = sut::max_objs(Chain::domain);
    for (uint64_t i = 0; i < mx; i++) {
        ASSERT_EQ(m.w.domain_preserve(d), 0);
        ASSERT_EQ(m.w.domain_unpreserve(d), 0);
    }
    FaultPlan plan;
    plan.fail[LU_SITE_kho_alloc_preserve] = {m.w.site_calls(LU_SITE_kho_alloc_preserve) + 1};
    plan.install(m.w);
    Snapshot before = snapshot(m.w, 1, 0, 1);
    EXPECT_EQ(m.w.domain_preserve(d), -ENOMEM);
    EXPECT_EQ(plan.fired, 1u);
    EXPECT_EQ(snapshot(m.w, 1, 0, 1).diff(before), "");
    EXPECT_EQ(m.w.events_total(), 0u) << events_text(m.w);
    // The same call succeeds once the fault is gone, on a new page.
    EXPECT_EQ(m.w.domain_preserve(d), 0);
    EXPECT_EQ(m.w.chain(Chain::domain).pages.size(), 2u);
}

// The same for the device and IOMMU-unit chains.
TEST(Fault, FailedDeviceAndUnitPagesChangeNothing) {
    for (Chain c : {Chain::device, Chain::iommu}) {
        Machine m;
        int d = m.new_domain();
        int v = m.new_device(d);
        ASSERT_EQ(m.w.domain_preserve(d), 0);
        while (slots_used(m.w.chain(c)) < sut::max_objs(c)) {
            ASSERT_EQ(m.w.dev_preserve(v), 0);
            ASSERT_EQ(m.w.dev_unpreserve(v), 0);
        }
        FaultPlan plan;
        plan.fail[LU_SITE_kho_alloc_preserve] = {m.w.site_calls(LU_SITE_kho_alloc_preserve) + 1};
        plan.install(m.w);
        Snapshot before = snapshot(m.w, 1, 1, 1);
        int r = m.w.dev_preserve(v);
        EXPECT_EQ(r, -ENOMEM) << sut::chain_name(c);
        std::string diff = snapshot(m.w, 1, 1, 1).diff(before);
        if (c == Chain::device) {
            EXPECT_EQ(diff, "") << "device page failed first";
        } else {
            // The device slot was handed out before the unit's page failed:
            // it is the one documented deleted slot, and nothing else moved.
            auto dev = m.w.chain(Chain::device);
            EXPECT_EQ(diff, "device: page " + std::to_string(dev.pages.size() - 1) + " changed; ");
            const auto &tail = dev.pages.back();
            size_t idx = tail.nr_objects - 1;
            EXPECT_EQ(tail.bytes[sut::kArrayHeader + idx * sut::record_size(Chain::device) + 4] & 1,
                      1);
        }
        EXPECT_EQ(m.w.events_total(), 0u) << events_text(m.w);
    }
}

// Every allocation of the FLB's preserve callback, failed in turn: the file
// preserve fails and leaves no preserved frame and no heap block behind.
TEST(Fault, FlbPreserveUnwindsEveryAllocation) {
    struct Step {
        lu_site site;
        unsigned long nth;
    };
    const Step steps[] = {{LU_SITE_kzalloc, 1},
                          {LU_SITE_kho_alloc_preserve, 1},
                          {LU_SITE_kho_alloc_preserve, 2},
                          {LU_SITE_kho_alloc_preserve, 3},
                          {LU_SITE_kho_alloc_preserve, 4},
                          {LU_SITE_kho_preserve_folio, 3}};
    for (const Step &s : steps) {
        sut::World w;
        int f = w.file_open();
        unsigned long kmem = w.kmem_live(), frames = w.frames_live();
        FaultPlan plan;
        plan.fail[s.site] = {s.nth};
        plan.install(w);
        EXPECT_EQ(w.file_preserve(f), -ENOMEM) << lu_site_name(s.site) << "#" << s.nth;
        EXPECT_EQ(plan.fired, 1u);
        EXPECT_TRUE(w.preserved_frames().empty());
        EXPECT_EQ(w.kmem_live(), kmem);
        EXPECT_EQ(w.frames_live(), frames);
        EXPECT_EQ(w.flb().out_count, 0);
        EXPECT_FALSE(w.flb().out_obj);
        EXPECT_EQ(w.events_total(), 0u) << events_text(w);
        // With no fault the same file preserves fine.
        plan.fail.clear();
        EXPECT_EQ(w.file_preserve(f), 0);
        EXPECT_EQ(w.preserved_frames().size(), 4u);
    }
}

// A failing driver op leaves exactly one deleted slot and nothing preserved.
TEST(Fault, DriverPreserveFailureLeavesOneDeletedSlot) {
    Machine m;
    int d = m.new_domain(0, 8);
    FaultPlan plan;
    plan.fail[LU_SITE_drv_domain_preserve] = {1};
    plan.install(m.w);
    size_t frames = m.w.preserved_frames().size();
    EXPECT_EQ(m.w.domain_preserve(d), -EIO);
    EXPECT_EQ(m.w.domain_slot(d), 0u);
    EXPECT_EQ(m.w.preserved_frames().size(), frames);
    auto page = m.w.chain(Chain::domain).pages.at(0);
    EXPECT_EQ(page.nr_objects, 1u);
    EXPECT_EQ(page.bytes[sut::kArrayHeader + 4] & 1, 1) << "slot marked deleted";
}

// A table page that fails to preserve half-way: the pages done are undone.
TEST(Fault, TablePreserveFailureRollsBack) {
    Machine m;
    int d = m.new_domain(0, 1);
    ASSERT_EQ(m.w.domain_map(d, 1ull << 30, 1), 0); // a second branch: 5 tables
    for (unsigned long n = 1; n <= 5; n++) {
        FaultPlan plan;
        plan.fail[LU_SITE_kho_preserve_folio] = {m.w.site_calls(LU_SITE_kho_preserve_folio) + n};
        plan.install(m.w);
        size_t frames = m.w.preserved_frames().size();
        EXPECT_EQ(m.w.domain_preserve(d), -ENOMEM) << n;
        EXPECT_EQ(m.w.preserved_frames().size(), frames) << n;
        EXPECT_EQ(m.w.events_total(), 0u) << events_text(m.w);
    }
    FaultPlan none;
    none.install(m.w);
    size_t frames = m.w.preserved_frames().size();
    EXPECT_EQ(m.w.domain_preserve(d), 0);
    EXPECT_EQ(m.w.preserved_frames().size(), frames + 5);
}

// A failing device op gives back the unit reference it took.
TEST(Fault, DevicePreserveFailureGivesBackTheUnitReference) {
    Machine m;
    int d = m.new_domain();
    int v = m.new_device(d);
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    FaultPlan plan;
    plan.fail[LU_SITE_drv_device_preserve] = {1};
    plan.install(m.w);
    EXPECT_EQ(m.w.dev_preserve(v), -EIO);
    EXPECT_EQ(m.w.unit_slot(m.unit), 0u) << "the unit's only reference was given back";
    EXPECT_EQ(m.w.dev_slot(v), 0u);
    EXPECT_EQ(m.w.dev_preserve(v), 0);
    EXPECT_NE(m.w.unit_slot(m.unit), 0u);
}

} // namespace
} // namespace lu::test
