// One scenario per seeded-bug switch (sut/lu/bugs.h): the steps that make
// the defect show, and the digest tokens that tell the buggy world from the
// fixed one. Setup steps enter a digest only when they fail ("step").
#include "seeded_bugs_cases.h"
#include <functional>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <utility>

#include "test_util.h"

namespace lu::test {
namespace {

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
template <typename F> void each_record(const World &w, Chain c, F fn) {
    for (const auto &p : w.chain(c).pages) {
        uint64_t n = std::min<uint64_t>(p.nr_objects, sut::max_objs(c));
        for (uint64_t i = 0; i < n; i++) fn(p, sut::kArrayHeader + i * sut::record_size(c));
    }
}

unsigned live(const World &w, Chain c) {
    unsigned n = 0;
    each_record(w, c,
                [&](const sut::PageView &p, size_t off) { n += !(p.bytes[off + 4] & kDeleted); });
    return n;
}

// nr_objects of each reachable page, "120,1"; "!" when the walk broke off.
std::string shape(const World &w, Chain c) {
    sut::ChainView v = w.chain(c);
    std::string s;
    for (const auto &p : v.pages) s += (s.empty() ? "" : ",") + std::to_string(p.nr_objects);
    return s + (v.broken.empty() ? "" : "!");
}

bool over_cap(const World &w, Chain c) {
    for (const auto &p : w.chain(c).pages)
        if (p.nr_objects > sut::max_objs(c)) return true;
    return false;
}

bool tail_linked(const World &w, Chain c) {
    sut::ChainView v = w.chain(c);
    for (const auto &p : v.pages)
        if (p.phys == v.tail) return true;
    return false;
}

// The ref_count of the record at physical address @slot, or -1.
long ref_at(const World &w, Chain c, uint64_t slot) {
    for (const auto &p : w.chain(c).pages) {
        if (p.phys != (slot & ~(sut::kPageSize - 1))) continue;
        uint32_t ref;
        std::memcpy(&ref, &p.bytes[slot & (sut::kPageSize - 1)], sizeof(ref));
        return ref;
    }
    return -1;
}

size_t ledger(const World &w) { return w.preserved_frames().size(); }

// Which domain @dev translates kIova through: a label of @doms, "none", "other".
std::string xlate(World &w, int dev, std::initializer_list<std::pair<const char *, int>> doms) {
    uint64_t phys = 0;
    int ret = w.dev_translate(dev, kIova, &phys);
    if (ret < 0) return sut::errno_name(ret);
    for (auto [label, d] : doms)
        if (phys == World::map_target(d, kIova)) return label;
    return phys ? "other" : "none";
}

// Shared scenarios.

// A domain preserve while no file is preserved (no FLB object exists).
std::string preserve_without_file(World &w) {
    int f = w.file_open();
    return Digest().rc("preserve", w.domain_preserve(w.domain_alloc(f))).str();
}

// Fill the domain chain's head page, then fail the allocation of the next.
std::string fail_second_domain_page(World &w) {
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

std::vector<BugCase> make_cases() {
    return {
        // Generation A of LUO hands out a NULL object when no file is
        // preserved; generation B refuses with -ENOENT. The port refuses the
        // NULL object with -EINVAL, so only the error code changes.
        {SWITCH(luo_gen_a),
         "domain preserve with no file preserved",
         preserve_without_file,
         {"preserve=-EINVAL"},
         {"preserve=-ENOENT"}},

        // v2 takes the FLB lock inside a NULL object: the same preserve, under
        // generation A, locks a NULL-based mutex (an oops) instead of -EINVAL.
        {SWITCH(v2_null_flb_obj),
         "domain preserve with no file preserved (generation A)",
         preserve_without_file,
         {"preserve=FATAL", "dead=1", "ev.oops=1"},
         {"preserve=-EINVAL"},
         sut::bug_mask({LU_BUG_luo_gen_a})},

        // No "already preserved" check: the second preserve takes a second
        // live slot and preserves the domain's three table pages again.
        {SWITCH(v2_double_preserve),
         "preserve one domain twice",
         [](World &w) {
             Rig m(w);
             int d = m.domain();
             Digest g;
             g.rc("first", w.domain_preserve(d)).rc("second", w.domain_preserve(d));
             return g("live_dom", live(w, Chain::domain)).str();
         },
         {"second=0", "live_dom=2", "ev.kho=3"},
         {"second=-EBUSY", "live_dom=1"}},

        // Device unpreserve leaves its slot live: the next kernel restores a
        // device the user took out of the live update.
        {SWITCH(v2_device_unpreserve_live),
         "preserve, unpreserve a device; kexec; restore it",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("dev", w.dev_preserve(v));
             g.step("unpreserve", w.dev_unpreserve(v))("live_dev", live(w, Chain::device));
             g.step("kexec", w.kexec()).rc("restore", w.dev_restore(v));
             return g.str();
         },
         {"live_dev=1", "restore=0"},
         {"live_dev=0", "restore=-ENOENT"}},

        // No "already preserved" check for devices: a second live device slot
        // and a second reference on the IOMMU unit's slot.
        {SWITCH(v2_double_device_preserve),
         "preserve one device twice",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d));
             g.rc("first", w.dev_preserve(v)).rc("second", w.dev_preserve(v));
             g("live_dev", live(w, Chain::device));
             return g("unit_ref", ref_at(w, Chain::iommu, w.unit_slot(m.unit))).str();
         },
         {"second=0", "live_dev=2", "unit_ref=2"},
         {"second=-EBUSY", "live_dev=1", "unit_ref=1"}},

        // Restore drops its incoming reference before unlocking: when the last
        // file finished meanwhile (re-entered at the driver's restore op), that
        // put runs finish, which destroys the FLB lock the restore still holds.
        {SWITCH(v2_put_under_lock),
         "device restore while the last file finishes",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d))
                 .step("dev", w.dev_preserve(v))
                 .step("kexec", w.kexec());
             FinishInside fin{&w, m.file};
             lu_hooks h{};
             h.ctx = &fin;
             h.sched_point = FinishInside::at;
             w.set_hooks(h);
             HookGuard guard{w};
             g.rc("restore", w.dev_restore(v)).rc("finish_inside", fin.ret);
             return g("xlate", xlate(w, v, {{"dom", d}})).str();
         },
         {"restore=FATAL", "dead=1", "ev.lock=1"},
         {"restore=0", "finish_inside=0", "xlate=dom"}},

        // A failed domain restore is not remembered: the second device of the
        // domain walks the tables again, and restores a table page the failed
        // walk already took back (and freed).
        {SWITCH(v2_restore_retry),
         "domain restore fails at its last table; its 2nd device retries",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v1 = m.device(d), v2 = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("dev1", w.dev_preserve(v1));
             g.step("dev2", w.dev_preserve(v2)).step("kexec", w.kexec());
             g.step("unit", w.unit_restore(m.unit)); // the FLB is retrieved by now
             FaultPlan plan;                         // restores 1-3: top, middle, leaf table
             plan.fail[LU_SITE_kho_restore_folio] = {w.site_calls(LU_SITE_kho_restore_folio) + 3};
             plan.install(w);
             HookGuard guard{w};
             g.rc("first", w.dev_restore(v1)).rc("retry", w.dev_restore(v2));
             return g("drv_restores", w.site_calls(LU_SITE_drv_domain_restore)).str();
         },
         {"drv_restores=2", "ev.kho=1"},
         {"first=-ENOENT", "retry=-ENOENT", "drv_restores=1"}},

        // The unit's back pointer is set although the driver's preserve
        // failed: the next device shares the deleted slot, and the next kernel
        // finds no entry for the unit.
        {SWITCH(v1_hw_publish_on_failure),
         "unit preserve fails for one device; another device",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v1 = m.device(d), v2 = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d));
             {
                 FaultPlan plan;
                 plan.fail[LU_SITE_drv_iommu_preserve] = {1};
                 plan.install(w);
                 HookGuard guard{w};
                 g.rc("first", w.dev_preserve(v1))("unit_ptr", w.unit_slot(m.unit) != 0);
             }
             g.rc("second", w.dev_preserve(v2))("live_unit", live(w, Chain::iommu));
             return g.step("kexec", w.kexec()).rc("unit_restore", w.unit_restore(m.unit)).str();
         },
         {"unit_ptr=1", "live_unit=0", "unit_restore=-ENOENT"},
         {"first=-EIO", "unit_ptr=0", "second=0", "live_unit=1", "unit_restore=0"}},

        // Unpreserve of a domain that was never preserved goes on with a NULL
        // slot: its tables are unpreserved (not preserved: KHO reports them)
        // and the deleted mark is written through NULL (an oops).
        {SWITCH(v1_unpreserve_unpreserved),
         "unpreserve a domain never preserved",
         [](World &w) {
             Rig m(w);
             return Digest().rc("unpreserve", w.domain_unpreserve(m.domain())).str();
         },
         {"unpreserve=FATAL", "dead=1", "ev.kho=3", "ev.oops=1"},
         {"unpreserve=0"}},

        // kho_alloc_preserve's ERR_PTR is not NULL, so it is taken for the new
        // chain page: linking it translates a non-address (fatal) instead of
        // failing the preserve with -ENOMEM.
        {SWITCH(alloc_null_test),
         "fill a domain page, fail the next page's allocation",
         fail_second_domain_page,
         {"preserve=FATAL", "dead=1", "ev.mem=1"},
         {"preserve=-ENOMEM", "dom_pages=120"}},

        // A file preserve that fails at its 3rd domain keeps the first two
        // preserved: live slots, back pointers and their tables in KHO.
        {SWITCH(rollback_partial),
         "second file with 3 domains; the 3rd domain preserve fails",
         [](World &w) {
             Rig m(w);
             int f = w.file_open(), d[3];
             for (int &x : d) x = w.domain_alloc(f);
             FaultPlan plan;
             plan.fail[LU_SITE_drv_domain_preserve] = {w.site_calls(LU_SITE_drv_domain_preserve) +
                                                       3};
             plan.install(w);
             HookGuard guard{w};
             Digest g;
             g.rc("file_preserve", w.file_preserve(f))("live_dom", live(w, Chain::domain));
             int ptrs = 0;
             for (int x : d) ptrs += w.domain_slot(x) != 0;
             return g("dom_ptrs", ptrs)("ledger", ledger(w)).str();
         },
         {"live_dom=2", "dom_ptrs=2", "ledger=6"},
         {"file_preserve=-EIO", "live_dom=0", "dom_ptrs=0", "ledger=4"}},

        // The driver's rollback unpreserves one table page too many: the one
        // whose preserve failed, which KHO reports as never preserved.
        {SWITCH(rollback_extra_unpreserve),
         "domain with 3 tables; the 2nd table preserve fails",
         [](World &w) {
             Rig m(w);
             int d = m.domain();
             FaultPlan plan;
             plan.fail[LU_SITE_kho_preserve_folio] = {w.site_calls(LU_SITE_kho_preserve_folio) + 2};
             plan.install(w);
             HookGuard guard{w};
             return Digest().rc("preserve", w.domain_preserve(d))("ledger", ledger(w)).str();
         },
         {"ev.kho=1"},
         {"preserve=-ENOMEM", "ledger=4"}},

        // Capacity tested with '>': slot 120 of the domain page is written
        // past the page's end instead of starting a second page.
        {SWITCH(cap_gt),
         "preserve 121 domains",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("preserved", m.preserve_domains(kDom + 1))("dom_pages", shape(w, Chain::domain));
             return g("over_cap", over_cap(w, Chain::domain)).str();
         },
         {"dom_pages=121", "over_cap=1"},
         {"preserved=121", "dom_pages=120,1", "over_cap=0"}},

        // Objects per page without the header: 195 instead of 194 IOMMU-unit
        // slots (the other chains round to the same count). 195 device
        // preserve/unpreserve pairs take 195 unit slots.
        {SWITCH(max_objs_no_hdr),
         "195 preserve/unpreserve pairs of one device",
         [](World &w) {
             Rig m(w);
             int d = m.domain(0), v = m.device(d), ok = 0;
             Digest g;
             g.step("dom", w.domain_preserve(d));
             for (int i = 0; i < kUnit + 1; i++)
                 ok += w.dev_preserve(v) == 0 && w.dev_unpreserve(v) == 0;
             g("pairs", ok)("unit_pages", shape(w, Chain::iommu));
             return g("over_cap", over_cap(w, Chain::iommu)).str();
         },
         {"unit_pages=195", "over_cap=1"},
         {"pairs=195", "unit_pages=194,1", "over_cap=0"}},

        // The tail pointer stays on the full page: the 122nd slot's page is
        // linked in place of the 121st's, which is orphaned (still in KHO).
        {SWITCH(tail_not_advanced),
         "preserve 122 domains",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("preserved", m.preserve_domains(kDom + 2))("dom_pages", shape(w, Chain::domain));
             return g("slots", slots_used(w.chain(Chain::domain)))("ledger", ledger(w)).str();
         },
         {"dom_pages=120,1", "slots=121", "ledger=128"},
         {"preserved=122", "dom_pages=120,2", "slots=122", "ledger=127"}},

        // The new page becomes the tail but is never linked: the chain the
        // next kernel walks ends after the head page.
        {SWITCH(next_not_linked),
         "preserve 121 domains",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("preserved", m.preserve_domains(kDom + 1))("dom_pages", shape(w, Chain::domain));
             return g("tail_linked", tail_linked(w, Chain::domain)).str();
         },
         {"dom_pages=120", "tail_linked=0"},
         {"preserved=121", "dom_pages=120,1", "tail_linked=1"}},

        // The link is written before the allocation is checked: the ERR_PTR
        // is translated (fatal) instead of the preserve failing with -ENOMEM.
        {SWITCH(link_before_check),
         "fill a domain page, fail the next page's allocation",
         fail_second_domain_page,
         {"preserve=FATAL", "dead=1", "ev.mem=1"},
         {"preserve=-ENOMEM", "dom_pages=120"}},

        // The link holds a virtual address: the walk breaks at it, and the
        // next kernel's retrieve cannot restore the second page (panic).
        {SWITCH(virt_not_phys),
         "preserve 121 domains; kexec; first incoming lookup",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("preserved", m.preserve_domains(kDom + 1))("dom_pages", shape(w, Chain::domain));
             return g.step("kexec", w.kexec()).rc("unit_restore", w.unit_restore(m.unit)).str();
         },
         {"dom_pages=120!", "unit_restore=FATAL", "dead=1", "ev.panic=1"},
         {"dom_pages=120,1", "unit_restore=-ENOENT"}},

        // Slot index taken after the increment: slot 0 stays empty but counted,
        // the real record sits past nr_objects where the next kernel never looks.
        {SWITCH(nr_preinc),
         "preserve a domain and a device; kexec; restore the device",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("dev", w.dev_preserve(v));
             g("dom_slot_off", w.domain_slot(d) & (sut::kPageSize - 1));
             return g.step("kexec", w.kexec()).rc("restore", w.dev_restore(v)).str();
         },
         {"dom_slot_off=50", "restore=-ENOENT"},
         {"dom_slot_off=16", "restore=0"}},

        // nr_objects never incremented: every domain gets slot 0 of the page,
        // and the page claims no record at all.
        {SWITCH(nr_no_inc),
         "preserve two domains",
         [](World &w) {
             Rig m(w);
             int d1 = m.domain(), d2 = m.domain();
             Digest g;
             g.step("dom1", w.domain_preserve(d1)).step("dom2", w.domain_preserve(d2));
             g("same_slot", w.domain_slot(d1) == w.domain_slot(d2));
             return g("dom_pages", shape(w, Chain::domain)).str();
         },
         {"same_slot=1", "dom_pages=0"},
         {"same_slot=0", "dom_pages=2"}},

        // New slots keep ref_count 0: the unit's count wraps on the device's
        // unpreserve, so the unit entry (and its root table) stays preserved.
        {SWITCH(no_ref_init),
         "preserve a domain and a device; unpreserve the device",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d))("dom_ref",
                                                 ref_at(w, Chain::domain, w.domain_slot(d)));
             g.step("dev", w.dev_preserve(v)).step("undev", w.dev_unpreserve(v));
             return g("unit_ptr", w.unit_slot(m.unit) != 0)("live_unit", live(w, Chain::iommu))
                 .str();
         },
         {"dom_ref=0", "unit_ptr=1", "live_unit=1"},
         {"dom_ref=1", "unit_ptr=0", "live_unit=0"}},

        // A slot whose driver preserve failed is not marked deleted: a live,
        // empty domain record for the next kernel.
        {SWITCH(no_mark_deleted),
         "domain preserve fails in the driver",
         [](World &w) {
             Rig m(w);
             int d = m.domain();
             FaultPlan plan;
             plan.fail[LU_SITE_drv_domain_preserve] = {1};
             plan.install(w);
             HookGuard guard{w};
             Digest g;
             g.rc("preserve", w.domain_preserve(d))("live_dom", live(w, Chain::domain));
             return g("dom_ptr", w.domain_slot(d) != 0).str();
         },
         {"live_dom=1"},
         {"preserve=-EIO", "live_dom=0", "dom_ptr=0"}},

        // The iterator visits deleted entries: a device preserved on d1,
        // unpreserved, moved to d2 and preserved again comes back on d1.
        {SWITCH(iter_no_deleted_filter),
         "device preserved on d1, undone, preserved on d2; kexec",
         [](World &w) {
             Rig m(w);
             int d1 = m.domain(), d2 = m.domain(), v = m.device(d1);
             Digest g;
             g.step("d1", w.domain_preserve(d1)).step("d2", w.domain_preserve(d2));
             g.step("dev", w.dev_preserve(v)).step("undev", w.dev_unpreserve(v));
             g.step("attach", w.dev_attach(v, d2)).step("dev2", w.dev_preserve(v));
             g.step("kexec", w.kexec()).rc("restore", w.dev_restore(v));
             return g("xlate", xlate(w, v, {{"d1", d1}, {"d2", d2}})).str();
         },
         {"xlate=d1"},
         {"restore=0", "xlate=d2"}},

        // The iterator reads index nr_objects: an all-zero phantom record
        // (segment 0, devid 0) matches device 00:00.0, never preserved, and
        // its domain address 0 is translated (fatal).
        {SWITCH(iter_le),
         "preserve one device; kexec; restore an unpreserved device 00:00.0",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d), v0 = w.dev_add(m.unit, 0, 0);
             Digest g;
             g.step("dom", w.domain_preserve(d))
                 .step("dev", w.dev_preserve(v))
                 .step("kexec", w.kexec());
             return g.rc("restore", w.dev_restore(v0)).str();
         },
         {"restore=FATAL", "dead=1", "ev.mem=1"},
         {"restore=-ENOENT"}},

        // Unpreserve keeps the back pointer: a second unpreserve unpreserves
        // the domain's three tables again (KHO reports each).
        {SWITCH(no_clear_backptr),
         "preserve a domain, unpreserve it twice",
         [](World &w) {
             Rig m(w);
             int d = m.domain();
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("undom", w.domain_unpreserve(d));
             g("dom_ptr", w.domain_slot(d) != 0);
             return g.rc("again", w.domain_unpreserve(d)).str();
         },
         {"dom_ptr=1", "ev.kho=3"},
         {"dom_ptr=0", "again=0"}},

        // The unit entry goes at the first device unpreserve although another
        // device still uses it: the next kernel finds no entry for the unit.
        {SWITCH(hw_unpreserve_early),
         "two devices on one unit; unpreserve one; kexec",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v1 = m.device(d), v2 = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("dev1", w.dev_preserve(v1));
             g.step("dev2", w.dev_preserve(v2)).step("undev1", w.dev_unpreserve(v1));
             g("unit_ptr", w.unit_slot(m.unit) != 0)("live_unit", live(w, Chain::iommu));
             return g.step("kexec", w.kexec()).rc("unit_restore", w.unit_restore(m.unit)).str();
         },
         {"unit_ptr=0", "live_unit=0", "unit_restore=-ENOENT"},
         {"unit_ptr=1", "live_unit=1", "unit_restore=0"}},

        // A device preserve failing in the driver keeps its unit reference:
        // the unit entry and its root table stay preserved with no device.
        {SWITCH(hw_ref_leak),
         "device preserve fails in the driver",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d));
             FaultPlan plan;
             plan.fail[LU_SITE_drv_device_preserve] = {1};
             plan.install(w);
             HookGuard guard{w};
             g.rc("preserve", w.dev_preserve(v))("unit_ptr", w.unit_slot(m.unit) != 0);
             return g("live_unit", live(w, Chain::iommu))("ledger", ledger(w)).str();
         },
         {"unit_ptr=1", "live_unit=1", "ledger=8"},
         {"preserve=-EIO", "unit_ptr=0", "live_unit=0", "ledger=7"}},

        // Domain preserve without the FLB lock: lockdep_assert_held in the
        // slot allocator reports it (a lock event; like lockdep, not fatal).
        {SWITCH(no_lock),
         "preserve a domain",
         [](World &w) {
             Rig m(w);
             return Digest().rc("preserve", w.domain_preserve(m.domain())).str();
         },
         {"ev.lock=1"},
         {"preserve=0"}},

        // FLB unpreserve reads a chain page's link after freeing it: the
        // poison bytes are taken for the next page (fatal). ASan poisoning is
        // off so that the read gets that far.
        {SWITCH(unpreserve_free_before_next),
         "unpreserve the only file",
         [](World &w) {
             Rig m(w);
             World::set_asan_poison(false);
             Digest g;
             g.rc("unpreserve", w.file_unpreserve(m.file))("ledger", ledger(w));
             World::set_asan_poison(true);
             return g.str();
         },
         {"unpreserve=FATAL", "dead=1", "ev.mem=1"},
         {"unpreserve=0", "ledger=0"}},

        // Only head pages are released: the second domain page stays in KHO
        // after the last file is gone.
        {SWITCH(unpreserve_heads_only),
         "preserve 121 domains; unpreserve the file",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("preserved", m.preserve_domains(kDom + 1));
             return g.rc("unpreserve", w.file_unpreserve(m.file))("ledger", ledger(w)).str();
         },
         {"ledger=1"},
         {"preserved=121", "unpreserve=0", "ledger=0"}},

        // The top-level page is never released: it stays in KHO after the
        // last file is gone.
        {SWITCH(unpreserve_forget_ser),
         "unpreserve the only file",
         [](World &w) {
             Rig m(w);
             return Digest().rc("unpreserve", w.file_unpreserve(m.file))("ledger", ledger(w)).str();
         },
         {"ledger=1"},
         {"unpreserve=0", "ledger=0"}},

        // Retrieve restores only head pages: the second domain page stays
        // incoming, and finish frees a page it never restored (fatal).
        {SWITCH(retrieve_heads_only),
         "preserve 121 domains; kexec; retrieve; finish the file",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("preserved", m.preserve_domains(kDom + 1)).step("kexec", w.kexec());
             g.rc("unit_restore", w.unit_restore(m.unit))("incoming", w.incoming_frames().size());
             return g.rc("finish", w.file_finish(m.file)).str();
         },
         {"incoming=122", "finish=FATAL", "dead=1", "ev.mem=1"},
         {"unit_restore=-ENOENT", "incoming=121", "finish=0"}},

        // Finish puts each head page twice: the second put frees a free frame.
        {SWITCH(finish_double_put),
         "kexec; finish the file",
         [](World &w) {
             Rig m(w);
             Digest g;
             return g.step("kexec", w.kexec()).rc("finish", w.file_finish(m.file)).str();
         },
         {"finish=FATAL", "dead=1", "ev.mem=1"},
         {"finish=0"}},

        // restored_domain is ignored: the second device of a domain restores
        // its tables again, which KHO refuses (already restored).
        {SWITCH(restore_no_cache),
         "two devices share a domain; kexec; restore both",
         [](World &w) {
             Rig m(w);
             int d = m.domain(), v1 = m.device(d), v2 = m.device(d);
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("dev1", w.dev_preserve(v1));
             g.step("dev2", w.dev_preserve(v2)).step("kexec", w.kexec());
             g.rc("first", w.dev_restore(v1)).rc("second", w.dev_restore(v2));
             return g("drv_restores", w.site_calls(LU_SITE_drv_domain_restore)).str();
         },
         {"second=-ENOENT", "drv_restores=2", "ev.kho=1"},
         {"first=0", "second=0", "drv_restores=1"}},

        // The tail page is read before the lock: a preserve preempted at the
        // lock while another one adds the next page links its own new page
        // to the stale tail, orphaning the other's page and slot.
        {SWITCH(tail_read_before_lock),
         "preserve preempted at its lock by one that adds a chain page",
         [](World &w) {
             Rig m(w);
             Digest g;
             g("filled", m.preserve_domains(kDom));
             const int other = w.file_open();
             int a = m.domain(0), b = w.domain_alloc(other);
             PreemptAtLock p{[&] { return w.domain_preserve(b); }};
             p.install(w);
             HookGuard guard{w};
             g.rc("a", w.domain_preserve(a)).rc("b", p.ret)("dom_pages", shape(w, Chain::domain));
             return g("ledger", ledger(w)).str();
         },
         {"dom_pages=120,1"},
         {"a=0", "b=0", "dom_pages=120,2"}},

        // The unit refcount is read before the lock: two devices of one unit
        // unpreserved at once lose a decrement, and the unit stays preserved
        // with no device.
        {SWITCH(refcount_outside_lock),
         "device unpreserve preempted at its lock by the other device's",
         [](World &w) {
             Rig m(w);
             const int other = w.file_open();
             int d = m.domain(), d2 = w.domain_alloc(other), v1 = m.device(d), v2 = m.device(d2);
             Digest g;
             g.step("dom", w.domain_preserve(d)).step("dom2", w.domain_preserve(d2));
             g.step("dev1", w.dev_preserve(v1)).step("dev2", w.dev_preserve(v2));
             PreemptAtLock p{[&] { return w.dev_unpreserve(v2); }};
             p.install(w);
             HookGuard guard{w};
             g.rc("un1", w.dev_unpreserve(v1)).rc("un2", p.ret);
             return g("unit_preserved", w.unit_slot(m.unit) != 0)("ledger", ledger(w)).str();
         },
         {"unit_preserved=1"},
         {"un1=0", "un2=0", "unit_preserved=0"}},

        // Preserve never puts its FLB reference: the object outlives the last
        // file, with its four pages still in KHO.
        {SWITCH(luo_no_put),
         "preserve a domain; unpreserve the file",
         [](World &w) {
             Rig m(w);
             Digest g;
             g.step("dom", w.domain_preserve(m.domain()))("out_count", w.flb().out_count);
             g.rc("unpreserve", w.file_unpreserve(m.file))("flb_obj", w.flb().out_obj);
             return g("ledger", ledger(w)).str();
         },
         {"out_count=2", "flb_obj=1", "ledger=4"},
         {"out_count=1", "flb_obj=0", "ledger=0"}},
    };
}

#undef SWITCH

} // namespace

const std::vector<BugCase> &seeded_bug_cases() {
    static const std::vector<BugCase> cases = [] {
        std::vector<BugCase> v = make_cases();
        std::stable_sort(v.begin(), v.end(),
                         [](const BugCase &a, const BugCase &b) { return a.bug < b.bug; });
        return v;
    }();
    return cases;
}

std::string outcome(const World &w) {
    std::string s = std::string("dead=") + (w.dead() ? "1" : "0");
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++) {
        auto kind = static_cast<lu_event_kind>(k);
        if (unsigned n = w.events_of(kind))
            s += std::string(" ev.") + lu_event_kind_name(kind) + "=" + std::to_string(n);
    }
    return s;
}

} // namespace lu::test
