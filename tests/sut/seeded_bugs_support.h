// Helpers of the seeded-bug scenarios: a machine with one preserved file,
// digests of what a scenario saw, and ways to put another "thread" at a
// scheduling point. Shared by the two case tables.
#pragma once

#include <algorithm>
#include <cstring>
#include <functional>
#include <sstream>
#include <utility>

#include "seeded_bugs_cases.h"
#include "test_util.h"

namespace lu::test {

using sut::Chain;
using sut::World;

constexpr uint64_t kIova = 0x1000;
constexpr uint8_t kDeleted = 0x1;      // ABI: bit 0 of the flags byte of a record header
constexpr int kDom = 120, kUnit = 194; // slots per domain / IOMMU-unit chain page

// Machine's setup (one iommufd file preserved, one IOMMU unit) on a world
// the test owns, so that the same scenario runs on the fixed and buggy one.
struct Rig {
    World &w;
    int file, unit, bdf = 0x100;
    explicit Rig(World &world) : w(world), file(w.file_open()), unit(w.unit_add()) {
        w.file_preserve(file);
    }
    int domain(uint64_t pages = 1) {
        int d = w.domain_alloc(file);
        if (d >= 0 && pages) w.domain_map(d, kIova, pages);
        return d;
    }
    int device(int domain) {
        int v = w.dev_add(unit, 0, bdf++);
        if (v >= 0) w.dev_attach(v, domain);
        return v;
    }
    // @n fresh unmapped domains, each preserved; how many preserves succeeded.
    int preserve_domains(int n) {
        int ok = 0;
        while (n--) ok += w.domain_preserve(domain(0)) == 0;
        return ok;
    }
};

// Removes the hooks when the scenario that installed them returns.
struct HookGuard {
    World &w;
    ~HookGuard() { w.set_hooks(lu_hooks{}); }
};

class Digest {
  public:
    template <typename T> Digest &operator()(const char *key, const T &value) {
        out_ << key << '=' << value << ' ';
        return *this;
    }
    Digest &rc(const char *key, int ret) { return (*this)(key, sut::errno_name(ret)); }
    Digest &step(const char *key, int ret) { return ret < 0 ? rc(key, ret) : *this; }
    std::string str() const { return out_.str(); }

  private:
    std::ostringstream out_;
};

// Calls @fn(page, offset) for each record of chain @c that lies inside its page.
template <typename F> inline void each_record(const World &w, Chain c, F fn) {
    for (const auto &p : w.chain(c).pages) {
        uint64_t n = std::min<uint64_t>(p.nr_objects, sut::max_objs(c));
        for (uint64_t i = 0; i < n; i++) fn(p, sut::kArrayHeader + i * sut::record_size(c));
    }
}

inline unsigned live(const World &w, Chain c) {
    unsigned n = 0;
    each_record(w, c,
                [&](const sut::PageView &p, size_t off) { n += !(p.bytes[off + 4] & kDeleted); });
    return n;
}

// nr_objects of each reachable page, "120,1"; "!" when the walk broke off.
inline std::string shape(const World &w, Chain c) {
    sut::ChainView v = w.chain(c);
    std::string s;
    for (const auto &p : v.pages) s += (s.empty() ? "" : ",") + std::to_string(p.nr_objects);
    return s + (v.broken.empty() ? "" : "!");
}

inline bool over_cap(const World &w, Chain c) {
    for (const auto &p : w.chain(c).pages)
        if (p.nr_objects > sut::max_objs(c)) return true;
    return false;
}

inline bool tail_linked(const World &w, Chain c) {
    sut::ChainView v = w.chain(c);
    for (const auto &p : v.pages)
        if (p.phys == v.tail) return true;
    return false;
}

// The ref_count of the record at physical address @slot, or -1.
inline long ref_at(const World &w, Chain c, uint64_t slot) {
    for (const auto &p : w.chain(c).pages) {
        if (p.phys != (slot & ~(sut::kPageSize - 1))) continue;
        uint32_t ref;
        std::memcpy(&ref, &p.bytes[slot & (sut::kPageSize - 1)], sizeof(ref));
        return ref;
    }
    return -1;
}

inline size_t ledger(const World &w) { return w.preserved_frames().size(); }

// Which domain @dev translates kIova through: a label of @doms, "none", "other".
inline std::string xlate(World &w, int dev,
                         std::initializer_list<std::pair<const char *, int>> doms) {
    uint64_t phys = 0;
    int ret = w.dev_translate(dev, kIova, &phys);
    if (ret < 0) return sut::errno_name(ret);
    for (auto [label, d] : doms)
        if (phys == World::map_target(d, kIova)) return label;
    return phys ? "other" : "none";
}

// Shared scenarios.

// A domain preserve while no file is preserved (no FLB object exists).
inline std::string preserve_without_file(World &w) {
    int f = w.file_open();
    return Digest().rc("preserve", w.domain_preserve(w.domain_alloc(f))).str();
}

// Fill the domain chain's head page, then fail the allocation of the next.
inline std::string fail_second_domain_page(World &w) {
    Rig m(w);
    Digest g;
    g("preserved", m.preserve_domains(kDom));
    FaultPlan plan;
    plan.fail[LU_SITE_kho_alloc_preserve] = {w.site_calls(LU_SITE_kho_alloc_preserve) + 1};
    plan.install(w);
    HookGuard guard{w};
    return g.rc("preserve", w.domain_preserve(m.domain(0)))("dom_pages", shape(w, Chain::domain))
        .str();
}

// Re-enters the world at the driver's restore op to finish the last file,
// as another thread would at that point.
struct FinishInside {
    World *w;
    int file;
    bool done = false;
    int ret = 1;
    static void at(void *ctx, lu_sched_kind kind, const void *) {
        auto *f = static_cast<FinishInside *>(ctx);
        if (kind != LU_SCHED_driver || f->done) return;
        f->done = true;
        f->ret = f->w->file_finish(f->file);
    }
};

// Another thread's op, run where this one is preempted: at the @nth lock
// point of the running op (its iommufd's lock, then LUO's FLB lock, then the
// FLB object's). The other op belongs to another iommufd, as two racing
// preservers in the kernel do (one iommufd serialises its own operations).
struct PreemptAtLock {
    std::function<int()> other;
    int nth = 3, seen = 0, ret = 1;
    bool done = false;
    static void at(void *ctx, lu_sched_kind kind, const void *) {
        auto *p = static_cast<PreemptAtLock *>(ctx);
        if (kind != LU_SCHED_lock || p->done || ++p->seen != p->nth) return;
        p->done = true;
        p->ret = p->other();
    }
    void install(World &w) {
        lu_hooks h{};
        h.ctx = this;
        h.sched_point = at;
        w.set_hooks(h);
    }
};

#define SWITCH(n) LU_BUG_##n, #n

} // namespace lu::test
