// The v2 ABI: record sizes, field offsets and slots per 4 KiB page, computed
// from the layouts and compared with what the port uses.
#include <gtest/gtest.h>

#include <cstdio>

#include "test_util.h"

namespace lu::test {
namespace {

using sut::Chain;

TEST(Abi, SlotsPerPageAre120And110And194) {
    for (Chain c : sut::kChains)
        std::printf("%-7s record %zu bytes, %zu slots per page\n", sut::chain_name(c),
                    sut::record_size(c), sut::max_objs(c));
    EXPECT_EQ(sut::record_size(Chain::domain), 34u);
    EXPECT_EQ(sut::record_size(Chain::device), 37u);
    EXPECT_EQ(sut::record_size(Chain::iommu), 21u);
    EXPECT_EQ(sut::max_objs(Chain::domain), 120u);
    EXPECT_EQ(sut::max_objs(Chain::device), 110u);
    EXPECT_EQ(sut::max_objs(Chain::iommu), 194u);
}

TEST(Abi, CapacityIsTheLargestThatFits) {
    for (Chain c : sut::kChains) {
        size_t m = sut::max_objs(c), sz = sut::record_size(c);
        EXPECT_LE(sut::kArrayHeader + m * sz, sut::kPageSize) << sut::chain_name(c);
        EXPECT_GT(sut::kArrayHeader + (m + 1) * sz, sut::kPageSize) << sut::chain_name(c);
    }
}

TEST(Abi, PortUsesTheSameCapacity) {
    sut::World w;
    for (Chain c : sut::kChains) EXPECT_EQ(w.port_max_objs(c), sut::max_objs(c));
}

TEST(Abi, FlagsSitWhereTheV2BitFieldsWere) {
    // A preserved domain's slot: ref_count 1 (bytes 0-3), flags at byte 4;
    // after unpreserve the deleted flag is bit 0 of byte 4.
    Machine m;
    int d = m.new_domain();
    ASSERT_EQ(m.w.domain_preserve(d), 0);
    auto page = m.w.chain(Chain::domain).pages.at(0).bytes;
    const uint8_t *slot = page.data() + sut::kArrayHeader;
    EXPECT_EQ(slot[0], 1);
    EXPECT_EQ(slot[4], 0);
    uint64_t top = 0;
    for (int i = 7; i >= 0; i--) top = top << 8 | slot[5 + i]; // top_table_phys at 5
    EXPECT_NE(top, 0u);
    EXPECT_EQ(top % 4096, 0u);
    EXPECT_EQ(slot[13], 2);  // top_level at 13: three levels
    EXPECT_EQ(slot[21], 39); // vasz at 21
    ASSERT_EQ(m.w.domain_unpreserve(d), 0);
    page = m.w.chain(Chain::domain).pages.at(0).bytes;
    EXPECT_EQ(page[sut::kArrayHeader + 4], 1);
}

} // namespace
} // namespace lu::test
