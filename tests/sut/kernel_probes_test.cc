// The strict checks of the port's kernel layer: the KHO ledger, the direct map
// across kexec, owner-checked mutexes, the tracked slab, BUG and WARN. Each
// misuse must be reported; fatal ones must come back as kFatal, not crash.
#include <gtest/gtest.h>

#include "kernel_probes.h"
#include "test_util.h"

namespace lu::test {
namespace {

using sut::kFatal;
using sut::World;

struct Probe {
    World w;
    lu_op_args args{};
    Probe() { args.s = w.raw(); }
    int run(int (*fn)(void *), uint64_t x = 0) {
        args.x = x;
        return lu_world_enter(w.raw()->w, fn, &args);
    }
};

TEST(KhoLedger, DoublePreserveIsReported) {
    Probe p;
    EXPECT_EQ(p.run(probe_double_preserve), 0);
    EXPECT_EQ(p.w.events_of(LU_EV_kho), 1u) << events_text(p.w);
    EXPECT_EQ(p.w.preserved_frames().size(), 1u);
}

TEST(KhoLedger, UnpreserveOfUnpreservedIsReported) {
    Probe p;
    EXPECT_EQ(p.run(probe_unpreserve_unpreserved), 0);
    EXPECT_EQ(p.w.events_of(LU_EV_kho), 1u) << events_text(p.w);
}

TEST(KhoLedger, UnpreserveWithAnotherOrderIsReported) {
    Probe p;
    EXPECT_EQ(p.run(probe_unpreserve_wrong_order), 0);
    EXPECT_EQ(p.w.events_of(LU_EV_kho), 1u) << events_text(p.w);
}

TEST(KhoLedger, AllocPreserveNeverReturnsNull) {
    Probe p;
    EXPECT_EQ(p.run(probe_alloc_errors), 0);
    EXPECT_EQ(p.run(probe_alloc_preserve, 24), 0); // 24 bytes: one whole page
    EXPECT_EQ(p.args.out % 4096, 0u);
    EXPECT_EQ(p.w.preserved_frames().size(), 1u);
    EXPECT_EQ(p.w.events_total(), 0u);
}

TEST(KhoLedger, RestoreSucceedsOncePerPreservedFrame) {
    Probe p;
    ASSERT_EQ(p.run(probe_alloc_preserve), 0);
    uint64_t kept = p.args.out;
    ASSERT_EQ(p.run(probe_alloc_plain), 0);
    uint64_t lost = p.args.out;
    ASSERT_EQ(p.w.kexec(), 0);
    EXPECT_EQ(p.w.incoming_frames().size(), 1u);

    EXPECT_EQ(p.run(probe_restore, kept), 0);
    EXPECT_EQ(p.args.out, 1u);
    EXPECT_EQ(p.w.events_total(), 0u);
    EXPECT_EQ(p.run(probe_restore, kept), 0);
    EXPECT_EQ(p.args.out, 0u) << "a second restore of the same frame must fail";
    EXPECT_GE(p.w.events_of(LU_EV_kho), 1u);
    unsigned before = p.w.events_of(LU_EV_kho);
    EXPECT_EQ(p.run(probe_restore, lost), 0);
    EXPECT_EQ(p.args.out, 0u) << "a frame that was not preserved cannot be restored";
    EXPECT_EQ(p.w.events_of(LU_EV_kho), before + 1);
}

TEST(DirectMap, FrameNotPreservedIsGoneAfterKexec) {
    Probe p;
    ASSERT_EQ(p.run(probe_alloc_plain), 0);
    uint64_t lost = p.args.out;
    EXPECT_EQ(p.run(probe_phys_to_virt, lost), 0);
    ASSERT_EQ(p.w.kexec(), 0);
    EXPECT_EQ(p.run(probe_phys_to_virt, lost), kFatal);
    EXPECT_TRUE(p.w.dead());
    EXPECT_EQ(p.w.events_of(LU_EV_mem), 1u) << events_text(p.w);
}

TEST(DirectMap, MappingChangesAtKexec) {
    Probe p;
    ASSERT_EQ(p.run(probe_alloc_preserve), 0);
    uint64_t phys = p.args.out, old_virt = p.args.y;
    ASSERT_EQ(p.w.kexec(), 0);
    // Same frame, same physical address, but the old virtual address is stale.
    EXPECT_EQ(p.run(probe_phys_to_virt, phys), 0);
    EXPECT_EQ(p.run(probe_virt_to_phys, old_virt), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_mem), 1u) << events_text(p.w);
}

TEST(DirectMap, HeapPointerIsNotPhysical) {
    Probe p;
    int on_stack = 0;
    EXPECT_EQ(p.run(probe_virt_to_phys, uint64_t(uintptr_t(&on_stack))), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_mem), 1u);
}

TEST(Mutex, RecursiveLockIsADeadlock) {
    Probe p;
    EXPECT_EQ(p.run(probe_recursive_lock), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_lock), 1u) << events_text(p.w);
}

TEST(Mutex, ReturningWithALockHeldIsReported) {
    Probe p;
    EXPECT_EQ(p.run(probe_return_locked), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_lock), 1u) << events_text(p.w);
}

TEST(Mutex, LockdepAssertHeldWarnsAndGoesOn) {
    Probe p;
    EXPECT_EQ(p.run(probe_assert_unheld), 0);
    EXPECT_FALSE(p.w.dead());
    EXPECT_EQ(p.w.events_of(LU_EV_lock), 1u);
}

TEST(Mutex, FreeingAHeldMutexIsReported) {
    Probe p;
    EXPECT_EQ(p.run(probe_free_held_mutex), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_lock), 1u) << events_text(p.w);
}

TEST(Mutex, DestroyedMutexCannotBeLocked) {
    Probe p;
    EXPECT_EQ(p.run(probe_lock_destroyed), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_lock), 1u) << events_text(p.w);
}

TEST(Mutex, NullMutexIsAnOops) {
    Probe p;
    EXPECT_EQ(p.run(probe_lock_null), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_oops), 1u) << events_text(p.w);
}

int g_task = 1;
int current_task(void *) { return g_task; }

TEST(Mutex, UnlockByAnotherTaskIsReported) {
    Probe p;
    lu_hooks h{};
    h.current_task = current_task;
    p.w.set_hooks(h);
    // Task 1 locks, then task 2 (a nested entry, as another thread would be)
    // unlocks the mutex task 1 holds.
    auto both = [](void *arg) -> int {
        auto *args = static_cast<lu_op_args *>(arg);
        args->a = 1;
        probe_unlock_foreign(arg);
        g_task = 2;
        args->a = 2;
        int r = lu_world_enter(args->s->w, probe_unlock_foreign, arg);
        g_task = 1;
        return r;
    };
    g_task = 1;
    EXPECT_EQ(p.run(both), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_lock), 1u) << events_text(p.w);
    EXPECT_NE(events_text(p.w).find("task 2 unlocks"), std::string::npos) << events_text(p.w);
}

TEST(Slab, DoubleFreeIsReported) {
    Probe p;
    EXPECT_EQ(p.run(probe_kfree_twice), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_mem), 1u) << events_text(p.w);
}

TEST(Slab, KzallocIsAFaultSite) {
    Probe p;
    FaultPlan plan;
    plan.fail[LU_SITE_kzalloc] = {2};
    plan.install(p.w);
    EXPECT_EQ(p.run(probe_kzalloc), 0);
    EXPECT_EQ(p.args.out, 1u);
    EXPECT_EQ(p.run(probe_kzalloc), 0);
    EXPECT_EQ(p.args.out, 0u);
    EXPECT_EQ(p.w.site_calls(LU_SITE_kzalloc), 2u);
    EXPECT_EQ(plan.fired, 1u);
}

TEST(Assertions, BugOnEndsTheOperation) {
    Probe p;
    EXPECT_EQ(lu_world_enter(p.w.raw()->w, probe_bug_on, &p.args), kFatal);
    EXPECT_EQ(p.w.events_of(LU_EV_bug), 1u);
    EXPECT_TRUE(p.w.dead());
    // A dead machine refuses further operations.
    EXPECT_EQ(p.w.file_open(), kFatal);
}

TEST(Assertions, WarnOnIsRecordedAndExecutionGoesOn) {
    Probe p;
    EXPECT_EQ(p.run(probe_warn_on, 1), 0);
    EXPECT_EQ(p.args.out, 1u);
    EXPECT_EQ(p.w.events_of(LU_EV_warn), 1u);
    EXPECT_EQ(p.run(probe_warn_on, 0), 0);
    EXPECT_EQ(p.w.events_of(LU_EV_warn), 1u);
}

} // namespace
} // namespace lu::test
