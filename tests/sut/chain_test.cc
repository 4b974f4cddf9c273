// Chain boundaries: after k*M-1, k*M and k*M+1 slots each of the three
// chains has exactly the pages, counts and links invariant I1 asks for.
#include <gtest/gtest.h>

#include "test_util.h"

namespace lu::test {
namespace {

using sut::Chain;

// Consume one slot of chain @c (and nothing else of that chain) in @m.
struct SlotFeeder {
    Machine &m;
    int domain = -1, dev = -1;
    explicit SlotFeeder(Machine &machine) : m(machine) {
        domain = m.new_domain();
        dev = m.new_device(domain);
    }
    // Each call leaves the chain with one more (deleted) slot.
    int feed(Chain c) {
        switch (c) {
        case Chain::domain:
            if (int r = m.w.domain_preserve(domain)) return r;
            return m.w.domain_unpreserve(domain);
        case Chain::device:
        case Chain::iommu:
            // Keep the domain preserved; each device cycle takes one device
            // slot and, since the unit's refcount goes 0 -> 1, one unit slot.
            if (!m.w.domain_slot(domain))
                if (int r = m.w.domain_preserve(domain)) return r;
            if (int r = m.w.dev_preserve(dev)) return r;
            return m.w.dev_unpreserve(dev);
        }
        return -1;
    }
};

void expect_shape(const sut::ChainView &v, Chain c, uint64_t n) {
    const uint64_t mx = sut::max_objs(c);
    const uint64_t pages = n == 0 ? 1 : (n + mx - 1) / mx;
    ASSERT_TRUE(v.broken.empty()) << v.broken;
    ASSERT_EQ(v.pages.size(), pages) << sut::chain_name(c) << " n=" << n;
    for (size_t i = 0; i < v.pages.size(); i++) {
        const auto &p = v.pages[i];
        bool tail = i + 1 == v.pages.size();
        if (!tail) {
            EXPECT_EQ(p.nr_objects, mx) << "page " << i;
            EXPECT_EQ(p.next, v.pages[i + 1].phys);
        } else {
            EXPECT_EQ(p.nr_objects, n - mx * i) << "tail page";
            EXPECT_EQ(p.next, 0u);
            EXPECT_EQ(v.tail, p.phys) << "the FLB object's tail pointer";
        }
        // Bytes past the last slot of the page stay zero.
        size_t used = sut::kArrayHeader + p.nr_objects * sut::record_size(c);
        for (size_t b = used; b < sut::kPageSize; b++)
            ASSERT_EQ(p.bytes[b], 0) << "page " << i << " byte " << b;
    }
}

class ChainBoundary : public ::testing::TestWithParam<std::tuple<Chain, int, int>> {};

TEST_P(ChainBoundary, ShapeAtKTimesMPlusDelta) {
    auto [c, k, delta] = GetParam();
    Machine m;
    SlotFeeder feeder(m);
    const uint64_t target = uint64_t(k) * sut::max_objs(c) + delta;
    const sut::ChainView before = m.w.chain(c);
    const uint64_t head = before.head;
    while (slots_used(m.w.chain(c)) < target) ASSERT_EQ(feeder.feed(c), 0) << events_text(m.w);
    sut::ChainView v = m.w.chain(c);
    EXPECT_EQ(slots_used(v), target);
    EXPECT_EQ(v.head, head) << "the head never moves";
    expect_shape(v, c, target);
    EXPECT_EQ(m.w.events_total(), 0u) << events_text(m.w);
}

std::string boundary_name(const ::testing::TestParamInfo<ChainBoundary::ParamType> &info) {
    Chain c = std::get<0>(info.param);
    int k = std::get<1>(info.param), d = std::get<2>(info.param);
    return std::string(sut::chain_name(c)) + "_" + std::to_string(k) + "M" +
           (d < 0   ? "minus1"
            : d > 0 ? "plus1"
                    : "");
}

INSTANTIATE_TEST_SUITE_P(AllChains, ChainBoundary,
                         ::testing::Combine(::testing::Values(Chain::domain, Chain::device,
                                                              Chain::iommu),
                                            ::testing::Values(1, 2), ::testing::Values(-1, 0, 1)),
                         boundary_name);

TEST(Chain, ExactMultipleHasNoEmptyTail) {
    Machine m;
    SlotFeeder feeder(m);
    const uint64_t mx = sut::max_objs(Chain::domain);
    for (uint64_t i = 0; i < mx; i++) ASSERT_EQ(feeder.feed(Chain::domain), 0);
    size_t frames = m.w.preserved_frames().size();
    EXPECT_EQ(m.w.chain(Chain::domain).pages.size(), 1u);
    // Allocation M+1 creates page 2 holding exactly one slot.
    int d = m.new_domain();
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    auto v = m.w.chain(Chain::domain);
    ASSERT_EQ(v.pages.size(), 2u);
    EXPECT_EQ(v.pages[1].nr_objects, 1u);
    // One chain page plus the domain's table pages (top and two levels).
    EXPECT_EQ(m.w.preserved_frames().size(), frames + 1 + 3);
}

TEST(Chain, SlotsAreNeverReused) {
    Machine m;
    int d = m.new_domain();
    std::vector<uint64_t> slots;
    for (int i = 0; i < 5; i++) {
        ASSERT_EQ(m.w.domain_preserve(d), 0);
        slots.push_back(m.w.domain_slot(d));
        ASSERT_EQ(m.w.domain_unpreserve(d), 0);
    }
    for (size_t i = 1; i < slots.size(); i++)
        EXPECT_EQ(slots[i], slots[i - 1] + sut::record_size(Chain::domain));
}

} // namespace
} // namespace lu::test
