// Helpers shared by the port's unit tests (see test_util.h).
#include "test_util.h"

#include <algorithm>
#include <sstream>

namespace lu::test {

static bool plan_should_fail(void *ctx, lu_site site, unsigned long nth) {
    auto *p = static_cast<FaultPlan *>(ctx);
    auto it = p->fail.find(site);
    if (it == p->fail.end()) return false;
    for (unsigned long n : it->second) {
        if (nth == n || (p->persistent && nth > n)) {
            p->fired++;
            return true;
        }
    }
    return false;
}

void FaultPlan::install(sut::World &w) {
    lu_hooks h{};
    h.ctx = this;
    h.should_fail = plan_should_fail;
    w.set_hooks(h);
}

Machine::Machine(uint64_t bugs) : w(bugs) {
    file = w.file_open();
    unit = w.unit_add();
    w.file_preserve(file);
}

int Machine::new_domain(uint64_t iova, uint64_t pages) {
    int d = w.domain_alloc(file);
    if (d >= 0 && pages) w.domain_map(d, iova, pages);
    return d;
}

int Machine::new_device(int domain, int u) {
    if (domain < 0) domain = new_domain();
    int v = w.dev_add(u < 0 ? unit : u, 0, next_bdf++);
    if (v >= 0) w.dev_attach(v, domain);
    return v;
}

Snapshot snapshot(const sut::World &w, int domains, int devs, int units) {
    Snapshot s;
    for (sut::Chain c : sut::kChains) s.chains.push_back(w.chain(c));
    s.preserved = w.preserved_frames();
    for (int d = 0; d < domains; d++) s.domain_slots.push_back(w.domain_slot(d));
    for (int v = 0; v < devs; v++) s.dev_slots.push_back(w.dev_slot(v));
    for (int u = 0; u < units; u++) s.unit_slots.push_back(w.unit_slot(u));
    s.flb = w.flb();
    return s;
}

std::string Snapshot::diff(const Snapshot &o) const {
    std::ostringstream out;
    for (size_t i = 0; i < chains.size(); i++) {
        const auto &a = chains[i], &b = o.chains[i];
        const char *name = sut::chain_name(sut::kChains[i]);
        if (a.head != b.head || a.tail != b.tail) out << name << ": head/tail moved; ";
        if (a.pages.size() != b.pages.size()) {
            out << name << ": " << a.pages.size() << " -> " << b.pages.size() << " pages; ";
            continue;
        }
        for (size_t p = 0; p < a.pages.size(); p++)
            if (a.pages[p].bytes != b.pages[p].bytes || a.pages[p].phys != b.pages[p].phys)
                out << name << ": page " << p << " changed; ";
    }
    if (preserved != o.preserved)
        out << "KHO ledger: " << preserved.size() << " -> " << o.preserved.size() << " frames; ";
    if (domain_slots != o.domain_slots) out << "domain back pointers changed; ";
    if (dev_slots != o.dev_slots) out << "device back pointers changed; ";
    if (unit_slots != o.unit_slots) out << "IOMMU unit back pointers changed; ";
    if (flb.out_count != o.flb.out_count || flb.out_obj != o.flb.out_obj)
        out << "FLB outgoing state changed; ";
    return out.str();
}

uint64_t slots_used(const sut::ChainView &c) {
    uint64_t n = 0;
    for (const auto &p : c.pages) n += p.nr_objects;
    return n;
}

std::string events_text(const sut::World &w) {
    std::string s;
    for (const auto &e : w.events())
        s += std::string(lu_event_kind_name(e.kind)) + ": " + e.msg + "\n";
    return s;
}

} // namespace lu::test
