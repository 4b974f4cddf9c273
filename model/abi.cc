// Matching the probed ABI (lu/abi_probe.h, generated at configure time) with
// the model's revisions (abi.h). The match is constexpr: a layout that is no
// known revision fails one static_assert per field that differs from the
// closest revision, so the build, and the configure step that compiles this
// file (model/CMakeLists.txt), names the fields.
#include "abi.h"

#include <lu/abi_probe.h>

namespace lu::model {
namespace {

// Every numeric field a match compares, with the name a mismatch reports;
// the compatible string is compared after them.
#define LU_ABI_NUMERIC_FIELDS(X)                                                                   \
    X(array_header, "sizeof(struct iommu_array_hdr_ser)")                                          \
    X(header, "sizeof(struct iommu_hdr_ser)")                                                      \
    X(ref_count, "offsetof(struct iommu_hdr_ser, ref_count)")                                      \
    X(deleted.byte, "the byte of the deleted flag")                                                \
    X(deleted.bit, "the bit of the deleted flag")                                                  \
    X(incoming.byte, "the byte of the incoming flag")                                              \
    X(incoming.bit, "the bit of the incoming flag")                                                \
    X(record[0], "sizeof(struct iommu_domain_ser)")                                                \
    X(record[1], "sizeof(struct iommu_device_ser)")                                                \
    X(record[2], "sizeof(struct iommu_hw_ser)")                                                    \
    X(flb, "sizeof(struct iommu_flb_ser)")                                                         \
    X(flb_has_version, "whether struct iommu_flb_ser has a version field")                         \
    X(flb_version, "IOMMU_LUO_FLB_VERSION")                                                        \
    X(domain.top_table_phys, "offsetof(struct iommu_domain_ser, top_table_phys)")                  \
    X(domain.top_level, "offsetof(struct iommu_domain_ser, top_level)")                            \
    X(domain.vasz, "offsetof(struct iommu_domain_ser, vasz)")                                      \
    X(domain.restored_domain, "offsetof(struct iommu_domain_ser, restored_domain)")                \
    X(device.devid, "offsetof(struct iommu_device_ser, devid)")                                    \
    X(device.pci_domain_nr, "offsetof(struct iommu_device_ser, pci_domain_nr)")                    \
    X(device.domain_phys, "offsetof(struct iommu_device_ser, domain_iommu_ser.domain_phys)")       \
    X(device.iommu_phys, "offsetof(struct iommu_device_ser, domain_iommu_ser.iommu_phys)")         \
    X(hw.token, "offsetof(struct iommu_hw_ser, token)")                                            \
    X(hw.type, "offsetof(struct iommu_hw_ser, type)")

constexpr std::string_view kCompatibleField = "IOMMU_LUO_FLB_COMPATIBLE";

struct Field {
    std::string_view name;
    uint64_t (*get)(const Abi &);
};

#define LU_ABI_FIELD(member, label) Field{label, [](const Abi &a) { return uint64_t(a.member); }},
constexpr Field kFields[] = {LU_ABI_NUMERIC_FIELDS(LU_ABI_FIELD)};
#undef LU_ABI_FIELD

constexpr int differences(const Abi &a, const Abi &b) {
    int n = a.compatible != b.compatible;
    for (const Field &f : kFields) n += f.get(a) != f.get(b);
    return n;
}

// The index in kKnownAbis of the revision @probed is, or -1.
constexpr int known_revision(const Abi &probed) {
    for (size_t i = 0; i < kKnownAbis.size(); i++)
        if (!differences(probed, *kKnownAbis[i])) return int(i);
    return -1;
}

constexpr const Abi &closest_revision(const Abi &probed) {
    const Abi *best = kKnownAbis[0];
    for (const Abi *k : kKnownAbis)
        if (differences(probed, *k) < differences(probed, *best)) best = k;
    return *best;
}

constexpr Abi kProbed = with_slots({
    .name = "probed",
    .compatible = LU_ABI_COMPATIBLE,
    .array_header = LU_ABI_ARRAY_HEADER_SIZE,
    .header = LU_ABI_HEADER_SIZE,
    .ref_count = LU_ABI_REF_COUNT_OFFSET,
    .deleted = {LU_ABI_DELETED_BYTE, LU_ABI_DELETED_BIT},
    .incoming = {LU_ABI_INCOMING_BYTE, LU_ABI_INCOMING_BIT},
    .record = {LU_ABI_DOMAIN_SIZE, LU_ABI_DEVICE_SIZE, LU_ABI_HW_SIZE},
    .flb = LU_ABI_FLB_SIZE,
    .flb_has_version = LU_ABI_FLB_HAS_VERSION != 0,
    .flb_version = LU_ABI_FLB_VERSION,
    .domain = {.top_table_phys = LU_ABI_DOMAIN_TOP_TABLE_PHYS,
               .top_level = LU_ABI_DOMAIN_TOP_LEVEL,
               .vasz = LU_ABI_DOMAIN_VASZ,
               .restored_domain = LU_ABI_DOMAIN_RESTORED_DOMAIN},
    .device = {.devid = LU_ABI_DEVICE_DEVID,
               .pci_domain_nr = LU_ABI_DEVICE_PCI_DOMAIN_NR,
               .domain_phys = LU_ABI_DEVICE_DOMAIN_PHYS,
               .iommu_phys = LU_ABI_DEVICE_IOMMU_PHYS},
    .hw = {.token = LU_ABI_HW_TOKEN, .type = LU_ABI_HW_TYPE},
});

constexpr int kMatched = known_revision(kProbed);
constexpr bool kKnown = kMatched >= 0;
constexpr const Abi &kClosest = closest_revision(kProbed);

#define LU_ABI_NO_REVISION                                                                         \
    "lu ABI: the layout of <linux/kho/abi/iommu.h> being built is no revision model/abi.h "        \
    "knows, and differs from the closest one in "
#define LU_ABI_SAME_AS_CLOSEST(member, label)                                                      \
    static_assert(kKnown || kClosest.member == kProbed.member, LU_ABI_NO_REVISION label);
LU_ABI_NUMERIC_FIELDS(LU_ABI_SAME_AS_CLOSEST)
#undef LU_ABI_SAME_AS_CLOSEST
static_assert(kKnown || kClosest.compatible == kProbed.compatible,
              LU_ABI_NO_REVISION "IOMMU_LUO_FLB_COMPATIBLE");
static_assert(kKnown, "lu ABI: the probed layout matches no known revision");

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The first field in which @k and @probed differ, with both values.
std::string first_difference(const Abi &k, const Abi &probed) {
    for (const Field &f : kFields)
        if (f.get(k) != f.get(probed))
            return std::string(f.name) + " (" + std::string(k.name) + " " +
                   std::to_string(f.get(k)) + ", probed " + std::to_string(f.get(probed)) + ")";
    return std::string(kCompatibleField) + " (" + std::string(k.name) + " " + quoted(k.compatible) +
           ", probed " + quoted(probed.compatible) + ")";
}

} // namespace

AbiMatch match_abi(const Abi &probed) {
    if (const int i = known_revision(probed); i >= 0) return {kKnownAbis[size_t(i)], {}};
    AbiMatch m;
    m.error = "the IOMMU live-update ABI matches no known revision:";
    for (const Abi *k : kKnownAbis)
        m.error += " " + std::string(k->name) + " differs in " + first_difference(*k, probed) + ";";
    m.error.pop_back();
    return m;
}

const Abi &probed_abi() { return kProbed; }
std::string_view probed_header() { return LU_ABI_HEADER; }
bool probed_from_port() { return LU_ABI_FROM_PORT; }

const Abi &abi() { return *kKnownAbis[size_t(kMatched)]; }

} // namespace lu::model
