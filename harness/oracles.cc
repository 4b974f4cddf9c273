// State oracles (see oracles.h). Slot positions are turned into physical
// addresses through the port's own chain pages, so a back pointer or a device
// entry's links can be compared with the model's slot indices.
#include "oracles.h"

#include <cstring>

namespace lu {
namespace {

using model::Chain;

template <typename T> T load(const uint8_t *p) {
    T v;
    std::memcpy(&v, p, sizeof(v));
    return v;
}

std::string str(const char *what, long long want, long long got) {
    return std::string(what) + ": model " + std::to_string(want) + ", port " +
           std::to_string(got);
}

constexpr uint64_t kTokenBase = 0xfed90000ull;
constexpr uint64_t kTypeMock = 2;

// Which chains are visible: this kernel's while the FLB object exists, else
// the previous kernel's until finish.
bool incoming_view(const model::Model &m) { return !m.flb.out_obj; }

bool view_exists(const model::Model &m) {
    return m.flb.out_obj || (m.flb.has_incoming && !m.flb.finished);
}

uint64_t slot_phys(const sut::ChainRefs &v, Chain c, int idx) {
    const uint64_t mx = model::max_objs(c);
    size_t page = size_t(idx) / mx;
    if (idx < 0 || page >= v.pages.size()) return 0;
    return v.pages[page].phys + model::kArrayHeader + (idx % mx) * model::kRecordSize[int(c)];
}

std::optional<Finding> fail(const char *kind, std::string detail) {
    return Finding{kind, std::move(detail)};
}

}  // namespace

std::optional<Finding> check_flb_and_ledger(const model::Model &m, const sut::World &w) {
    sut::FlbView f = w.flb();
    if (f.out_count != m.flb.out_count) return fail("I8-flb", str("outgoing count", m.flb.out_count, f.out_count));
    if (f.out_obj != m.flb.out_obj) return fail("I8-flb", str("outgoing object exists", m.flb.out_obj, f.out_obj));
    if (f.has_incoming != m.flb.has_incoming) return fail("I8-flb", str("incoming data", m.flb.has_incoming, f.has_incoming));
    if (m.flb.has_incoming) {
        if (f.in_count != m.flb.in_count) return fail("I8-flb", str("incoming count", m.flb.in_count, f.in_count));
        if (f.finished != m.flb.finished) return fail("I8-flb", str("finished", m.flb.finished, f.finished));
        if (f.retrieved != m.flb.retrieved) return fail("I8-flb", str("retrieved", m.flb.retrieved, f.retrieved));
    }
    long preserved = long(w.preserved_frames().size());
    if (preserved != m.frames_preserved)
        return fail("I3-ledger", str("KHO-preserved frames", m.frames_preserved, preserved));
    long incoming = long(w.incoming_frames().size());
    if (incoming != m.frames_incoming)
        return fail("I3-ledger", str("frames preserved by the previous kernel, not restored",
                                     m.frames_incoming, incoming));
    return std::nullopt;
}

std::optional<Finding> check_chains(const model::Model &m, const sut::World &w) {
    if (!view_exists(m)) return std::nullopt;
    const bool incoming = incoming_view(m);
    sut::ChainRefs views[3];
    for (int ci = 0; ci < 3; ci++) w.chain_refs(sut::Chain(ci), &views[ci]);
    for (int ci = 0; ci < 3; ci++) {
        const Chain c = Chain(ci);
        const auto &v = views[ci];
        const auto &slots = m.chain(c, incoming).slots;
        const uint64_t mx = model::max_objs(c), size = model::kRecordSize[ci];
        const std::string name = sut::chain_name(sut::Chain(ci)) + std::string(" chain");
        if (!v.broken.empty()) return fail("I1-chain", name + ": " + v.broken);
        const uint64_t pages = model::chain_pages(c, slots.size());
        if (v.pages.size() != pages)
            return fail("I1-chain", name + ": " + str("pages", long(pages), long(v.pages.size())));
        if (!incoming && v.tail != v.pages.back().phys)
            return fail("I1-chain", name + ": the tail pointer is not the last page");
        for (size_t p = 0; p < v.pages.size(); p++) {
            const auto &pg = v.pages[p];
            const uint64_t want = p + 1 < pages ? mx : slots.size() - p * mx;
            if (pg.nr_objects != want)
                return fail(pg.nr_objects > mx ? "I2-bounds" : "I1-chain",
                            name + " page " + std::to_string(p) + ": " +
                                str("nr_objects", long(want), long(pg.nr_objects)));
            const uint64_t used = model::kArrayHeader + want * size;
            for (uint64_t b = used; b < model::kPageSize; b++)
                if (pg.bytes[b])
                    return fail("I2-bounds", name + " page " + std::to_string(p) +
                                                 ": byte " + std::to_string(b) +
                                                 " past the last slot is not zero");
        }
        for (size_t i = 0; i < slots.size(); i++) {
            const model::Slot &s = slots[i];
            const uint8_t *rec = v.pages[i / mx].bytes + model::kArrayHeader + (i % mx) * size;
            const std::string where = name + " slot " + std::to_string(i);
            const uint32_t ref = load<uint32_t>(rec);
            const uint8_t flags = rec[4];
            if (bool(flags & 1) != s.deleted)
                return fail("I4-slot", where + ": " + str("deleted", s.deleted, flags & 1));
            if (bool(flags & 2) != s.incoming)
                return fail("I6-flags", where + ": " + str("incoming", s.incoming, (flags >> 1) & 1));
            if (ref != s.ref) return fail("I5-refcount", where + ": " + str("ref_count", s.ref, ref));
            if (s.deleted) continue;
            if (c == Chain::domain) {
                if (load<uint64_t>(rec + 13) != 2 || load<uint32_t>(rec + 21) != 39 ||
                    !load<uint64_t>(rec + 5))
                    return fail("I6-record", where + ": page-table root, level or width wrong");
                bool restored = load<uint64_t>(rec + 26) != 0;
                bool want_restored = incoming && (s.restored || s.restore_err);
                if (restored != want_restored)
                    return fail("I7-restore", where + ": " + str("restored_domain set", want_restored, restored));
            } else if (c == Chain::device) {
                if (load<uint32_t>(rec + 5) != s.devid || load<uint32_t>(rec + 9) != 0)
                    return fail("I6-record", where + ": " + str("devid", s.devid, load<uint32_t>(rec + 5)));
                uint64_t dom = load<uint64_t>(rec + 21), hw = load<uint64_t>(rec + 29);
                if (dom != slot_phys(views[0], Chain::domain, s.domain_slot))
                    return fail("I5-link", where + ": domain_phys does not name domain slot " +
                                               std::to_string(s.domain_slot));
                if (hw != slot_phys(views[2], Chain::iommu, s.unit_slot))
                    return fail("I5-link", where + ": iommu_phys does not name unit slot " +
                                               std::to_string(s.unit_slot));
            } else {
                if (load<uint64_t>(rec + 5) != kTokenBase + uint64_t(s.owner) * 0x1000 ||
                    load<uint64_t>(rec + 13) != kTypeMock)
                    return fail("I6-record", where + ": token or type wrong");
            }
        }
    }
    return std::nullopt;
}

std::optional<Finding> check_back_pointers(const model::Model &m, const sut::World &w) {
    sut::ChainRefs views[3];
    const bool have = view_exists(m);
    if (have)
        for (int ci = 0; ci < 3; ci++) w.chain_refs(sut::Chain(ci), &views[ci]);
    auto expect = [&](Chain c, int idx) { return idx < 0 || !have ? 0 : slot_phys(views[int(c)], c, idx); };
    for (size_t d = 0; d < m.domains.size(); d++) {
        if (!m.domains[d].alive) continue;
        uint64_t want = m.flb.out_obj ? expect(Chain::domain, m.domains[d].slot) : 0;
        if (!m.flb.out_obj && m.domains[d].slot >= 0) want = 1;  // stale: cannot happen
        uint64_t got = w.domain_slot(int(d));
        if (got != want)
            return fail("I4-backptr", "domain d" + std::to_string(d) + ": " +
                                          (want ? "should point at slot " + std::to_string(m.domains[d].slot) : "should not be preserved") +
                                          (got ? ", points at a slot" : ", points nowhere"));
    }
    for (size_t v = 0; v < m.devs.size(); v++) {
        const model::Device &dev = m.devs[v];
        uint64_t want = 0;
        if (dev.found >= 0) {
            // An entry found after kexec: checked while the previous kernel's
            // chains are the ones in view.
            if (m.flb.out_obj || !have) continue;
            want = expect(Chain::device, dev.found);
        } else if (dev.slot >= 0) {
            want = expect(Chain::device, dev.slot);
        }
        uint64_t got = w.dev_slot(int(v));
        if (got != want)
            return fail("I4-backptr", "device v" + std::to_string(v) + ": back pointer " +
                                          (want ? "should name its slot" : "should be empty"));
    }
    for (size_t u = 0; u < m.units.size(); u++) {
        uint64_t want = m.flb.out_obj ? expect(Chain::iommu, m.units[u].slot) : 0;
        uint64_t got = w.unit_slot(int(u));
        if (got != want)
            return fail("I4-backptr", "unit u" + std::to_string(u) + ": back pointer " +
                                          (want ? "should name slot " + std::to_string(m.units[u].slot) : "should be empty"));
    }
    return std::nullopt;
}

}  // namespace lu
