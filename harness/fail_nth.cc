// The fail-nth loop (see fail_nth.h): one fault-free run for the verdict, one
// for the per-step call counts, then one run per (site, N) with a single
// fault placed on the step where the fault-free run made call N of the site.
#include "fail_nth.h"

#include <array>
#include <utility>

namespace lu {
namespace {

// A run is clean when the port agreed with the model all the way; a panic the
// model predicted ends the run early but is still agreement.
bool clean(const Verdict &v) { return v.ok || v.ended_by_panic; }

} // namespace

FailNthResult fail_nth_loop(const Program &p, const RunOptions &opt, const FailNthOptions &fo) {
    FailNthResult r;
    RunOptions ropt = opt;
    ropt.trace = false;

    Program base = p;
    for (Step &s : base.steps) s.faults.clear();
    if (fo.max_runs == 0) return r;
    r.runs++;
    r.verdict = run_program(base, ropt);
    if (!clean(r.verdict)) {
        r.failed = true;
        r.failing = std::move(base);
        return r;
    }
    if (r.runs >= fo.max_runs) return r;
    r.runs++;
    const std::vector<std::array<uint32_t, LU_NR_SITES>> per = site_calls_per_step(base, ropt);

    std::vector<lu_site> sites = fo.sites;
    if (sites.empty())
        for (int s = 0; s < LU_NR_SITES; s++) sites.push_back(lu_site(s));

    for (const lu_site site : sites) {
        // Walk the steps once: N runs over the calls of step i as nth = 1..calls.
        uint32_t n = 0;
        for (size_t i = 0; i < per.size(); i++) {
            for (uint32_t nth = 1; nth <= per[i][site]; nth++) {
                n++;
                if (r.runs >= fo.max_runs) return r;
                Program cand = base;
                cand.steps[i].faults = {Fault{site, nth, fo.persistent}};
                r.runs++;
                Verdict v = run_program(cand, ropt);
                if (!clean(v)) {
                    r.failed = true;
                    r.failing = std::move(cand);
                    r.verdict = std::move(v);
                    r.site = int(site);
                    r.call = n;
                    return r;
                }
            }
        }
    }
    r.complete = true;
    return r;
}

FailNthResult fail_nth_both(const Program &p, const RunOptions &opt) {
    FailNthOptions fo;
    FailNthResult r = fail_nth_loop(p, opt, fo);
    if (r.failed) return r;
    fo.persistent = true;
    const size_t transient_runs = r.runs;
    r = fail_nth_loop(p, opt, fo);
    r.runs += transient_runs;
    return r;
}

} // namespace lu
