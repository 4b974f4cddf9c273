// The seeded-bug scenarios for the mutations: capacity, linking, slot and
// refcount handling, deleted filters, FLB teardown and retrieve, and the
// seeded races.
#include "seeded_bugs_support.h"

namespace lu::test {

std::vector<BugCase> mutation_cases() {
    return {
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

        // Finish puts every chain page but not the top-level page: the frame
        // stays allocated, with nothing left that points at it.
        {SWITCH(finish_forget_ser),
         "kexec; finish the file",
         [](World &w) {
             Rig m(w);
             Digest g;
             g.step("kexec", w.kexec()).rc("finish", w.file_finish(m.file));
             return g("held_frames", w.series_held().frames).str();
         },
         {"held_frames=1"},
         {"finish=0", "held_frames=0"}},

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

} // namespace lu::test
