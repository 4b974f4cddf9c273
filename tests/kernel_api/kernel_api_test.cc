// Runs the kernel-style client (kernel_style_client.c, built against the
// shims alone) inside simulated kernels: records stored in a chain of
// KHO-preserved pages are released cleanly in the same kernel, and survive
// a kexec to be found again and finished in the next one. A framework test:
// it holds for any implementation of the series, since it uses none of it.
#include <gtest/gtest.h>

#include <lu/facade.h>
#include <sut.h>

#include "kernel_style_selftest.h"

namespace {

using lu::sut::World;

int run(World &w, int (*fn)(void *), kclient_selftest *t) {
    return lu_world_enter(w.raw()->w, fn, t);
}

// (4096 - 16) / 16 records per page: 300 records take two pages.
constexpr unsigned kRecords = 300;

TEST(KernelApiClient, ReleasesItsPagesAndMemoryInTheSameKernel) {
    World w;
    const unsigned long preserved = w.preserved_count();
    const unsigned long kmem = w.kmem_live();
    kclient_selftest t{kRecords, 0, 0};
    EXPECT_EQ(run(w, kclient_selftest_unpreserve, &t), 0);
    EXPECT_EQ(w.events_total(), 0u);
    EXPECT_EQ(w.preserved_count(), preserved);
    EXPECT_EQ(w.kmem_live(), kmem);
}

TEST(KernelApiClient, RecordsSurviveKexecAndAreFinished) {
    World w;
    const unsigned long preserved = w.preserved_count();
    kclient_selftest t{kRecords, 0, 0};
    ASSERT_EQ(run(w, kclient_selftest_preserve, &t), 0);
    EXPECT_NE(t.handle, 0u);
    EXPECT_EQ(w.preserved_count(), preserved + 2);
    ASSERT_EQ(w.kexec(), 0);
    const unsigned long incoming = w.incoming_count();
    EXPECT_GE(incoming, 2u);
    ASSERT_EQ(run(w, kclient_selftest_restore, &t), 0);
    EXPECT_EQ(t.found, 256u); // devfn wraps: 256 distinct devices
    EXPECT_EQ(w.incoming_count(), incoming - 2);
    EXPECT_EQ(w.events_total(), 0u);
}

TEST(KernelApiClient, AChainThatIsNotPreservedIsNotTakenBack) {
    World w;
    kclient_selftest t{1, 0, 0};
    ASSERT_EQ(run(w, kclient_selftest_preserve, &t), 0);
    ASSERT_EQ(w.kexec(), 0);
    t.handle += 1ull << 30; // a frame the previous kernel never preserved
    EXPECT_EQ(run(w, kclient_selftest_restore, &t), -ENOENT);
}

} // namespace
