// The seeded-bug scenarios for the real defects of earlier revisions of the
// series (the v2 set, v1's, and the LUO generation mode), and the table of
// all cases that seeded_bugs_test.cc runs.
#include "seeded_bugs_support.h"

namespace lu::test {

std::vector<BugCase> mutation_cases();

namespace {

std::vector<BugCase> real_defect_cases() {
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
    };
}

} // namespace

const std::vector<BugCase> &seeded_bug_cases() {
    static const std::vector<BugCase> cases = [] {
        std::vector<BugCase> v = real_defect_cases();
        std::vector<BugCase> m = mutation_cases();
        v.insert(v.end(), m.begin(), m.end());
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
