// The model's ABI table and its match (model/abi.h): known revisions are
// accepted, a layout one field away from a revision is rejected with that
// field named, slots per page follow from the table, and the layout probed
// from the headers being built is the revision the model runs with.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include <abi.h>
#include <model.h>

namespace lu::model {
namespace {

TEST(AbiTable, MatchAcceptsEveryKnownRevision) {
    for (const Abi *k : kKnownAbis) {
        const AbiMatch m = match_abi(*k);
        EXPECT_EQ(m.revision, k) << k->name << ": " << m.error;
        EXPECT_TRUE(m.error.empty()) << m.error;
    }
    EXPECT_EQ(match_abi(kAbiV2).revision, &kAbiV2);
    EXPECT_EQ(match_abi(kAbiLater).revision, &kAbiLater);
}

TEST(AbiTable, NameAndDerivedSlotsDoNotTakePartInTheMatch) {
    Abi a = kAbiLater;
    a.name = "probed";
    a.slots = {};
    EXPECT_EQ(match_abi(a).revision, &kAbiLater);
}

struct OneFieldOff {
    std::function<void(Abi &)> change;
    std::string field; // the name the error must give it
};

TEST(AbiTable, MatchRejectsALayoutOneFieldAwayAndNamesTheField) {
    const OneFieldOff cases[] = {
        {[](Abi &a) { a.array_header = 24; }, "sizeof(struct iommu_array_hdr_ser)"},
        {[](Abi &a) { a.header = 6; }, "sizeof(struct iommu_hdr_ser)"},
        {[](Abi &a) { a.ref_count = 1; }, "offsetof(struct iommu_hdr_ser, ref_count)"},
        {[](Abi &a) { a.deleted.bit = 2; }, "the bit of the deleted flag"},
        {[](Abi &a) { a.incoming.byte = 5; }, "the byte of the incoming flag"},
        {[](Abi &a) { a.record[size_t(Chain::domain)]++; }, "sizeof(struct iommu_domain_ser)"},
        {[](Abi &a) { a.record[size_t(Chain::device)]++; }, "sizeof(struct iommu_device_ser)"},
        {[](Abi &a) { a.record[size_t(Chain::iommu)]++; }, "sizeof(struct iommu_hw_ser)"},
        {[](Abi &a) { a.flb = 40; }, "sizeof(struct iommu_flb_ser)"},
        {[](Abi &a) { a.flb_has_version = !a.flb_has_version; },
         "whether struct iommu_flb_ser has a version field"},
        {[](Abi &a) { a.flb_version = 7; }, "IOMMU_LUO_FLB_VERSION"},
        {[](Abi &a) { a.compatible = "iommu-liveupdate-v9"; }, "IOMMU_LUO_FLB_COMPATIBLE"},
        {[](Abi &a) { a.domain.top_table_phys++; },
         "offsetof(struct iommu_domain_ser, top_table_phys)"},
        {[](Abi &a) { a.domain.top_level++; }, "offsetof(struct iommu_domain_ser, top_level)"},
        {[](Abi &a) { a.domain.vasz++; }, "offsetof(struct iommu_domain_ser, vasz)"},
        {[](Abi &a) { a.domain.restored_domain++; },
         "offsetof(struct iommu_domain_ser, restored_domain)"},
        {[](Abi &a) { a.device.devid++; }, "offsetof(struct iommu_device_ser, devid)"},
        {[](Abi &a) { a.device.pci_domain_nr++; },
         "offsetof(struct iommu_device_ser, pci_domain_nr)"},
        {[](Abi &a) { a.device.domain_phys++; },
         "offsetof(struct iommu_device_ser, domain_iommu_ser.domain_phys)"},
        {[](Abi &a) { a.device.iommu_phys++; },
         "offsetof(struct iommu_device_ser, domain_iommu_ser.iommu_phys)"},
        {[](Abi &a) { a.hw.token++; }, "offsetof(struct iommu_hw_ser, token)"},
        {[](Abi &a) { a.hw.type++; }, "offsetof(struct iommu_hw_ser, type)"},
    };
    for (const Abi *k : kKnownAbis) {
        for (const OneFieldOff &c : cases) {
            Abi a = *k;
            c.change(a);
            const AbiMatch m = match_abi(a);
            EXPECT_EQ(m.revision, nullptr) << k->name << " with " << c.field << " changed";
            const std::string want = std::string(k->name) + " differs in " + c.field + " (";
            EXPECT_NE(m.error.find(want), std::string::npos)
                << "expected '" << want << "' in: " << m.error;
        }
    }
}

TEST(AbiTable, MismatchShowsBothValues) {
    Abi a = kAbiV2;
    a.domain.vasz = 22;
    const std::string e = match_abi(a).error;
    EXPECT_NE(e.find("offsetof(struct iommu_domain_ser, vasz) (v2 21, probed 22)"),
              std::string::npos)
        << e;
    // The later revision differs from it first in the header size.
    EXPECT_NE(e.find("later differs in sizeof(struct iommu_hdr_ser) (later 8, probed 5)"),
              std::string::npos)
        << e;
}

TEST(AbiTable, SlotsPerPageFollowFromTheRecordSizes) {
    EXPECT_EQ(kAbiV2.max_objs(Chain::domain), 120u);
    EXPECT_EQ(kAbiV2.max_objs(Chain::device), 110u);
    EXPECT_EQ(kAbiV2.max_objs(Chain::iommu), 194u);
    EXPECT_EQ(kAbiLater.max_objs(Chain::domain), 110u);
    EXPECT_EQ(kAbiLater.max_objs(Chain::device), 102u);
    EXPECT_EQ(kAbiLater.max_objs(Chain::iommu), 170u);
    for (const Abi *k : kKnownAbis)
        for (Chain c : {Chain::domain, Chain::device, Chain::iommu}) {
            const uint64_t m = k->max_objs(c), size = k->record_size(c);
            EXPECT_LE(k->array_header + m * size, kPageSize) << k->name;
            EXPECT_GT(k->array_header + (m + 1) * size, kPageSize) << k->name;
        }
}

TEST(AbiProbe, ProbedLayoutIsTheRevisionTheModelRunsWith) {
    const AbiMatch m = match_abi(probed_abi());
    ASSERT_NE(m.revision, nullptr) << probed_header() << ": " << m.error;
    EXPECT_EQ(m.revision, &abi());
    for (Chain c : {Chain::domain, Chain::device, Chain::iommu})
        EXPECT_EQ(max_objs(c), probed_abi().max_objs(c));
}

// Port conformance: registered only when the port is what is built.
TEST(AbiProbe, ThePortsHeaderIsV2) {
    ASSERT_TRUE(probed_from_port()) << "built against " << probed_header();
    const AbiMatch m = match_abi(probed_abi());
    EXPECT_EQ(m.revision, &kAbiV2) << m.error;
    EXPECT_EQ(abi().name, "v2");
}

} // namespace
} // namespace lu::model
