// State oracles (see oracles.h). Slot positions turn into physical addresses
// through the port's own chain pages, so back pointers and a device entry's
// links can be compared with the model's slot indices. Record sizes, field
// offsets and flag bits are those of the ABI revision being built (model::abi()).
#include "oracles.h"

#include <cstring>

namespace lu {
namespace {

using model::Chain;
using model::kPageSize;

template <typename T> T load(const uint8_t *p) {
    T v;
    std::memcpy(&v, p, sizeof(v));
    return v;
}

std::string str(const char *what, long long want, long long got) {
    return std::string(what) + ": model " + std::to_string(want) + ", port " + std::to_string(got);
}

std::optional<Finding> fail(const char *kind, std::string detail) {
    return Finding{kind, std::move(detail)};
}

std::string chain_str(Chain c) {
    return sut::chain_name(sut::Chain(int(c))) + std::string(" chain");
}

constexpr uint64_t kTokenBase = 0xfed90000ull;
constexpr uint64_t kTypeMock = 2;

} // namespace

void Oracles::refresh(const model::Model &m, const sut::World &w) {
    // This kernel's chains while its FLB object exists, else the previous
    // kernel's until finish.
    have_ = m.flb.out_obj || (m.flb.has_incoming && !m.flb.finished);
    incoming_ = !m.flb.out_obj;
    for (int ci = 0; ci < 3; ci++) {
        if (have_)
            w.chain_refs(sut::Chain(ci), &views_[ci]);
        else
            views_[ci].pages.clear();
    }
}

uint64_t Oracles::slot_phys(Chain c, int idx) const {
    const model::Abi &abi = model::abi();
    const auto &v = views_[int(c)];
    const uint64_t mx = abi.max_objs(c);
    const size_t page = size_t(idx) / mx;
    if (idx < 0 || !have_ || page >= v.pages.size()) return 0;
    return v.pages[page].phys + abi.array_header + (idx % mx) * abi.record_size(c);
}

std::optional<Finding> Oracles::flb_and_ledger(const model::Model &m, const sut::World &w) const {
    const sut::FlbView f = w.flb();
    if (f.out_count != m.flb.out_count)
        return fail("I8-flb", str("outgoing count", m.flb.out_count, f.out_count));
    if (f.out_obj != m.flb.out_obj)
        return fail("I8-flb", str("outgoing object exists", m.flb.out_obj, f.out_obj));
    if (f.has_incoming != m.flb.has_incoming)
        return fail("I8-flb", str("incoming data", m.flb.has_incoming, f.has_incoming));
    if (m.flb.has_incoming) {
        if (f.in_count != m.flb.in_count)
            return fail("I8-flb", str("incoming count", m.flb.in_count, f.in_count));
        if (f.finished != m.flb.finished)
            return fail("I8-flb", str("finished", m.flb.finished, f.finished));
        if (f.retrieved != m.flb.retrieved)
            return fail("I8-flb", str("retrieved", m.flb.retrieved, f.retrieved));
    }
    if (long(w.preserved_count()) != m.frames_preserved)
        return fail("I3-ledger",
                    str("KHO-preserved frames", m.frames_preserved, long(w.preserved_count())));
    if (long(w.incoming_count()) != m.frames_incoming)
        return fail("I3-ledger", str("frames preserved by the previous kernel, not restored",
                                     m.frames_incoming, long(w.incoming_count())));
    return std::nullopt;
}

std::optional<Finding> Oracles::held(const model::Model &m, const sut::World &w) const {
    const model::Model::Held want = m.series_held();
    const sut::Held got = w.series_held();
    if (long(got.kmem) == want.kmem && long(got.frames) == want.frames) return std::nullopt;
    const bool more = long(got.kmem) > want.kmem || long(got.frames) > want.frames;
    std::string d = "the series holds " + std::to_string(got.kmem) + " slab block(s) and " +
                    std::to_string(got.frames) + " frame(s), the model expects " +
                    std::to_string(want.kmem) + " and " + std::to_string(want.frames);
    if (more) {
        const std::vector<std::string> all = w.series_allocations();
        for (size_t i = 0; i < all.size() && i < 6; i++) d += "; " + all[i];
        if (all.size() > 6) d += "; and " + std::to_string(all.size() - 6) + " more";
    }
    return fail(more ? "leak" : "I3-freed", std::move(d));
}

std::optional<Finding> Oracles::shapes(const model::Model &m, bool all, unsigned touched) const {
    if (!have_) return std::nullopt;
    const model::Abi &abi = model::abi();
    for (int ci = 0; ci < 3; ci++) {
        const Chain c = Chain(ci);
        const auto &v = views_[ci];
        const size_t n = m.chain(c, incoming_).slots.size();
        const uint64_t mx = abi.max_objs(c), size = abi.record_size(c);
        const std::string name = chain_str(c);
        if (!v.broken.empty()) return fail("I1-chain", name + ": " + v.broken);
        const uint64_t pages = model::chain_pages(c, n);
        if (v.pages.size() != pages)
            return fail("I1-chain", name + ": " + str("pages", long(pages), long(v.pages.size())));
        if (!incoming_ && v.tail != v.pages.back().phys)
            return fail("I1-chain", name + ": the tail pointer is not the last page");
        for (size_t p = 0; p < v.pages.size(); p++) {
            const auto &pg = v.pages[p];
            const uint64_t want = p + 1 < pages ? mx : n - p * mx;
            if (pg.nr_objects != want)
                return fail(pg.nr_objects > mx ? "I2-bounds" : "I1-chain",
                            name + " page " + std::to_string(p) + ": " +
                                str("nr_objects", long(want), long(pg.nr_objects)));
            if (!all && (p + 1 < pages || !(touched >> ci & 1))) continue;
            static const uint8_t zeros[kPageSize] = {};
            const uint64_t used = abi.array_header + want * size;
            if (used >= kPageSize || !std::memcmp(pg.bytes + used, zeros, kPageSize - used))
                continue;
            uint64_t b = used;
            while (!pg.bytes[b]) b++;
            return fail("I2-bounds", name + " page " + std::to_string(p) + ": byte " +
                                         std::to_string(b) + " past the last slot is not zero");
        }
    }
    return std::nullopt;
}

std::optional<Finding> Oracles::slot(const model::Model &m, model::SlotRef ref) const {
    if (!have_ || ref.incoming != incoming_) return std::nullopt;
    const Chain c = ref.chain;
    const auto &slots = m.chain(c, incoming_).slots;
    const model::Abi &abi = model::abi();
    const uint64_t mx = abi.max_objs(c), size = abi.record_size(c);
    const size_t i = size_t(ref.index);
    if (i >= slots.size() || i / mx >= views_[int(c)].pages.size()) return std::nullopt;
    const model::Slot &s = slots[i];
    const uint8_t *rec = views_[int(c)].pages[i / mx].bytes + abi.array_header + (i % mx) * size;
    const std::string where = chain_str(c) + " slot " + std::to_string(i);
    const uint32_t ref_count = load<uint32_t>(rec + abi.ref_count);
    const bool deleted = model::flag_set(rec, abi.deleted);
    const bool incoming = model::flag_set(rec, abi.incoming);
    if (deleted != s.deleted)
        return fail("I4-slot", where + ": " + str("deleted", s.deleted, deleted));
    if (incoming != s.incoming)
        return fail("I6-flags", where + ": " + str("incoming", s.incoming, incoming));
    if (ref_count != s.ref)
        return fail("I5-refcount", where + ": " + str("ref_count", s.ref, ref_count));
    if (s.deleted) return std::nullopt;
    if (c == Chain::domain) {
        const auto &f = abi.domain;
        if (load<uint64_t>(rec + f.top_level) != uint64_t(model::kPtLevels - 1) ||
            load<uint32_t>(rec + f.vasz) != model::kVaBits ||
            !load<uint64_t>(rec + f.top_table_phys))
            return fail("I6-record", where + ": page-table root, level or width wrong");
        const bool restored = load<uint64_t>(rec + f.restored_domain) != 0;
        const bool want = incoming_ && (s.restored || s.restore_err);
        if (restored != want)
            return fail("I7-restore", where + ": " + str("restored_domain set", want, restored));
    } else if (c == Chain::device) {
        const auto &f = abi.device;
        const uint32_t devid = load<uint32_t>(rec + f.devid);
        if (devid != s.devid || load<uint32_t>(rec + f.pci_domain_nr) != 0)
            return fail("I6-record", where + ": " + str("devid", s.devid, devid));
        if (load<uint64_t>(rec + f.domain_phys) != slot_phys(Chain::domain, s.domain_slot))
            return fail("I5-link", where + ": domain_phys does not name domain slot " +
                                       std::to_string(s.domain_slot));
        if (load<uint64_t>(rec + f.iommu_phys) != slot_phys(Chain::iommu, s.unit_slot))
            return fail("I5-link", where + ": iommu_phys does not name unit slot " +
                                       std::to_string(s.unit_slot));
    } else if (load<uint64_t>(rec + abi.hw.token) != kTokenBase + uint64_t(s.owner) * 0x1000 ||
               load<uint64_t>(rec + abi.hw.type) != kTypeMock) {
        return fail("I6-record", where + ": token or type wrong");
    }
    return std::nullopt;
}

std::optional<Finding> Oracles::all_slots(const model::Model &m) const {
    if (!have_) return std::nullopt;
    for (int ci = 0; ci < 3; ci++) {
        const size_t n = m.chain(Chain(ci), incoming_).slots.size();
        for (size_t i = 0; i < n; i++)
            if (auto f = slot(m, {Chain(ci), int(i), incoming_})) return f;
    }
    return std::nullopt;
}

std::optional<Finding> Oracles::domain_bp(const model::Model &m, const sut::World &w, int d) const {
    if (d < 0 || size_t(d) >= m.domains.size() || !m.domains[d].alive) return std::nullopt;
    const int slot = m.domains[d].slot;
    const uint64_t want = m.flb.out_obj ? slot_phys(Chain::domain, slot) : 0;
    const uint64_t got = w.domain_slot(d);
    if (got == want) return std::nullopt;
    return fail("I4-backptr", "domain d" + std::to_string(d) + ": " +
                                  (want ? "should point at slot " + std::to_string(slot)
                                        : std::string("should not be preserved")) +
                                  (got ? ", points at a slot" : ", points nowhere"));
}

std::optional<Finding> Oracles::dev_bp(const model::Model &m, const sut::World &w, int v) const {
    if (v < 0 || size_t(v) >= m.devs.size()) return std::nullopt;
    const model::Device &dev = m.devs[v];
    uint64_t want = 0;
    if (dev.found >= 0) {
        // An entry found after kexec: checked while the previous kernel's
        // chains are the ones in view.
        if (m.flb.out_obj || !have_) return std::nullopt;
        want = slot_phys(Chain::device, dev.found);
    } else if (dev.slot >= 0) {
        want = slot_phys(Chain::device, dev.slot);
    }
    if (w.dev_slot(v) == want) return std::nullopt;
    return fail("I4-backptr", "device v" + std::to_string(v) + ": back pointer " +
                                  (want ? "should name slot " +
                                              std::to_string(dev.found >= 0 ? dev.found : dev.slot)
                                        : std::string("should be empty")));
}

std::optional<Finding> Oracles::unit_bp(const model::Model &m, const sut::World &w, int u) const {
    if (u < 0 || size_t(u) >= m.units.size()) return std::nullopt;
    const int slot = m.units[u].slot;
    const uint64_t want = m.flb.out_obj ? slot_phys(Chain::iommu, slot) : 0;
    if (w.unit_slot(u) == want) return std::nullopt;
    return fail("I4-backptr", "unit u" + std::to_string(u) + ": back pointer " +
                                  (want ? "should name slot " + std::to_string(slot)
                                        : std::string("should be empty")));
}

std::optional<Finding> Oracles::all_back_pointers(const model::Model &m,
                                                  const sut::World &w) const {
    for (size_t d = 0; d < m.domains.size(); d++)
        if (auto f = domain_bp(m, w, int(d))) return f;
    for (size_t v = 0; v < m.devs.size(); v++)
        if (auto f = dev_bp(m, w, int(v))) return f;
    for (size_t u = 0; u < m.units.size(); u++)
        if (auto f = unit_bp(m, w, int(u))) return f;
    return std::nullopt;
}

} // namespace lu
