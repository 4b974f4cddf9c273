// The IOMMU live-update ABI as the model knows it: one record layout per
// revision of the series, and the match of the layout probed from the headers
// being built (generated lu/abi_probe.h, see cmake/abi_probe.cmake) against
// them. Model, oracles and generators take every size, offset and flag bit
// from abi(), the revision the probed layout matched.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lu::model {

// The three chains, in the order of the records below.
enum class Chain : uint8_t { domain, device, iommu };

// One chain page is one 4 KiB page (KHO's PAGE_SIZE on x86-64).
inline constexpr uint64_t kPageSize = 4096;

// A header flag: the byte of the record that holds it and its bit there.
struct FlagBit {
    uint8_t byte = 0;
    uint8_t bit = 0; // 0: least significant
};

// Record sizes and field offsets in bytes (records are __packed).
struct Abi {
    std::string_view name;       // the revision, e.g. "v2"
    std::string_view compatible; // IOMMU_LUO_FLB_COMPATIBLE
    uint64_t array_header = 0;   // struct iommu_array_hdr_ser
    uint64_t header = 0;         // struct iommu_hdr_ser
    uint64_t ref_count = 0;      // its u32 ref_count
    FlagBit deleted, incoming;
    std::array<uint64_t, 3> record{}; // struct iommu_{domain,device,hw}_ser, by Chain
    uint64_t flb = 0;                 // struct iommu_flb_ser
    bool flb_has_version = false;     // a u64 version leads struct iommu_flb_ser
    uint64_t flb_version = 0;         // IOMMU_LUO_FLB_VERSION, or 0
    struct DomainFields {
        uint64_t top_table_phys, top_level, vasz, restored_domain;
    } domain{};
    struct DeviceFields {
        uint64_t devid, pci_domain_nr, domain_phys, iommu_phys; // the last two in domain_iommu_ser
    } device{};
    struct HwFields {
        uint64_t token, type;
    } hw{};
    // Derived (with_slots): records per chain page, by Chain.
    std::array<uint64_t, 3> slots{};

    constexpr uint64_t record_size(Chain c) const { return record[size_t(c)]; }
    constexpr uint64_t max_objs(Chain c) const { return slots[size_t(c)]; }
};

// @a with its slots per page filled in: floor((page - array header) / record).
constexpr Abi with_slots(Abi a) {
    for (size_t c = 0; c < a.record.size(); c++)
        a.slots[c] = a.record[c] ? (kPageSize - a.array_header) / a.record[c] : 0;
    return a;
}

// Whether @f is set in the record at @rec.
inline bool flag_set(const uint8_t *rec, FlagBit f) { return (rec[f.byte] >> f.bit) & 1; }

// The revisions the model knows. v2: 5-byte header whose flags are two
// one-bit fields (bits 0 and 1 of byte 4). Later: 8-byte header with a u32
// flags word, and a versioned FLB data block.
inline constexpr Abi kAbiV2 = with_slots({
    .name = "v2",
    .compatible = "iommu-liveupdate-v1",
    .array_header = 16,
    .header = 5,
    .ref_count = 0,
    .deleted = {4, 0},
    .incoming = {4, 1},
    .record = {34, 37, 21},
    .flb = 24,
    .flb_has_version = false,
    .flb_version = 0,
    .domain = {.top_table_phys = 5, .top_level = 13, .vasz = 21, .restored_domain = 26},
    .device = {.devid = 5, .pci_domain_nr = 9, .domain_phys = 21, .iommu_phys = 29},
    .hw = {.token = 5, .type = 13},
});
inline constexpr Abi kAbiLater = with_slots({
    .name = "later",
    .compatible = "iommu-liveupdate",
    .array_header = 16,
    .header = 8,
    .ref_count = 0,
    .deleted = {4, 0},
    .incoming = {4, 1},
    .record = {37, 40, 24},
    .flb = 32,
    .flb_has_version = true,
    .flb_version = 1,
    .domain = {.top_table_phys = 8, .top_level = 16, .vasz = 24, .restored_domain = 29},
    .device = {.devid = 8, .pci_domain_nr = 12, .domain_phys = 24, .iommu_phys = 32},
    .hw = {.token = 8, .type = 16},
});
inline constexpr std::array<const Abi *, 2> kKnownAbis = {&kAbiV2, &kAbiLater};

// Which known revision @probed is. When none, the error names, for each
// revision, the first field that differs and both values.
struct AbiMatch {
    const Abi *revision = nullptr;
    std::string error;
};
AbiMatch match_abi(const Abi &probed);

// The layout probed at configure time from the headers being built.
const Abi &probed_abi();
// The probed header's path, and whether it is the port's own (sut/include).
std::string_view probed_header();
bool probed_from_port();

// The known revision the probed layout is; the build fails when there is none.
const Abi &abi();

} // namespace lu::model
