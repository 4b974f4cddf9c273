// Fault localization by line spectra (localize.h): run the reproducer and
// its neighbours with spectra on, map each basic block to its source line,
// and rank the failing step's lines by the Ochiai score.
#include "localize.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "gen.h"
#include "minimize.h"

namespace lu {
namespace {

// Generated programs run under the same bugs whose passing steps join the
// passing spectra: the steps of the reproducer's neighbours are few.
constexpr uint64_t kSuite = 64;

// The spectra as addresses: symbolized once, together, at the end.
struct Spectra {
    std::vector<std::vector<uintptr_t>> failing, passing;
};

// Is @l a line of the series' own code (not a shim inlined into it, not the
// glue that includes a kernel tree's file)?
bool implementation_line(const sut::SourceLine &l) {
    if (l.file.empty() || l.line <= 0) return false;
    for (const char *skip : {"/sut/facade/", "/sut/include/", "/sut/kernel-tree/", "/sut/lu/"})
        if (l.file.find(skip) != std::string::npos) return false;
    return true;
}

// Run @p with spectra and add its steps to @sp: the steps that pass (those
// before a failure, every step of a passing run) as passing spectra, the
// step that fails as @p does (@want, a failure_identity) as a failing one;
// a failure at the end, or at a step that ran none of the series' lines,
// makes the run so far the failing spectrum. A concurrent block counts once.
void add_run(const Program &p, const RunOptions &opt, const std::string &want, Spectra &sp) {
    std::vector<std::vector<uintptr_t>> per_step;
    RunOptions o = opt;
    o.trace = false;
    o.timeline = nullptr;
    o.spectrum = &per_step;
    const Verdict v = run_program(p, o);
    if (v.inconclusive) return;
    const bool same = !v.ok && failure_identity(v) == want;
    const size_t fail_at = v.ok ? per_step.size() : size_t(v.step);
    std::vector<uintptr_t> all;
    bool failing_added = false;
    for (size_t k = 0, end; k < per_step.size() && k <= fail_at; k = end) {
        // A concurrent block's steps share one spectrum: one group.
        const std::vector<uintptr_t> &pcs = per_step[k];
        for (end = k + 1; end < per_step.size() && !pcs.empty() && per_step[end] == pcs;) end++;
        if (pcs.empty()) continue;
        all.insert(all.end(), pcs.begin(), pcs.end());
        if (end <= fail_at)
            sp.passing.push_back(pcs);
        else if (same)
            sp.failing.push_back(pcs), failing_added = true;
    }
    // A failure at the end, or found by a step that ran none of the series'
    // code (a check after a later op of another layer): what the run did so
    // far is the failing spectrum.
    if (same && !failing_added && !all.empty()) sp.failing.push_back(std::move(all));
}

// The neighbours of @p, whose failure is @v: one step fewer (with its
// dependants); one fault fewer; one fault more, at each call the failing
// step (or block) makes to a fault site, which cuts its path short there;
// and for a program with concurrent blocks, the same steps under the run's
// own schedules (threads in turn, and a few seeds).
std::vector<std::pair<Program, RunOptions>> neighbours(const Program &p, const RunOptions &opt,
                                                       const Verdict &v) {
    std::vector<std::pair<Program, RunOptions>> out;
    for (size_t i = 0; i < p.steps.size(); i++) {
        std::vector<bool> drop(p.steps.size());
        drop[i] = true;
        out.push_back({without_steps(p, drop), opt});
    }
    const size_t faults = count_faults(p);
    for (size_t i = 0; i < faults; i++) {
        std::vector<bool> drop(faults);
        drop[i] = true;
        out.push_back({without_faults(p, drop), opt});
    }
    size_t first = v.step >= 0 ? size_t(v.step) : 0, last = first + 1;
    for (const auto &[b, e] : concurrent_blocks(p))
        if (first >= b && first < e) first = b, last = e;
    if (first >= p.steps.size()) first = 0, last = p.steps.size();
    const auto calls = site_calls_per_step(p, opt);
    constexpr uint32_t kMaxCalls = 16; // per site and step
    for (size_t k = first; k < last && k < calls.size(); k++) {
        for (int site = 0; site < LU_NR_SITES; site++) {
            const bool faulted = std::any_of(p.steps[k].faults.begin(), p.steps[k].faults.end(),
                                             [&](const Fault &f) { return f.site == site; });
            for (uint32_t n = 1; !faulted && n <= calls[k][size_t(site)] && n <= kMaxCalls; n++) {
                Program q = p;
                q.steps[k].faults.push_back({lu_site(site), n, false});
                out.push_back({q, opt});
            }
        }
    }
    if (!concurrent_blocks(p).empty()) {
        Program free = p;
        for (auto &s : free.schedules) s.clear();
        for (int k = 0; k < 9; k++) {
            RunOptions o = opt;
            o.chooser = nullptr;
            o.strategy = k == 0 ? "none" : k % 2 ? "random" : "pct";
            o.sched_seed = uint64_t(k);
            out.push_back({free, o});
        }
    }
    return out;
}

} // namespace

bool decisive(const Localization &loc) {
    return !loc.suspects.empty() &&
           (loc.suspects.size() == 1 || loc.suspects[0].score > loc.suspects[1].score);
}

std::string suspect_text(const sut::SourceLine &where) {
    if (where.file.empty()) return "";
    // The path from the kernel tree's top: from its last drivers/, kernel/
    // or include/ component on.
    size_t from = 0;
    for (const char *top : {"/drivers/", "/kernel/", "/include/"})
        if (const size_t at = where.file.rfind(top); at != std::string::npos)
            from = std::max(from, at + 1);
    return where.func + "() at " + where.file.substr(from) + ":" + std::to_string(where.line);
}

Localization localize(const Program &p, const RunOptions &opt, size_t top) {
    Localization out;
    if (!sut::spectrum_available()) {
        out.none = "this build records no line spectra";
        return out;
    }
    RunOptions quiet = opt;
    quiet.trace = false;
    quiet.timeline = nullptr;
    const Verdict v = run_program(p, quiet);
    if (v.ok) {
        out.none = v.inconclusive ? "the run is inconclusive" : "the run passes";
        return out;
    }
    const std::string want = failure_identity(v);
    Spectra sp;
    add_run(p, opt, want, sp);
    if (sp.failing.empty()) {
        out.none = "the failure did not recur with spectra on";
        return out;
    }
    for (const auto &[q, qo] : neighbours(p, opt, v)) add_run(q, qo, want, sp);
    for (uint64_t k = 0; k < kSuite; k++) {
        SeededChoices c(k + 1);
        GenConfig cfg;
        cfg.luo_gen_a = (opt.bugs >> LU_BUG_luo_gen_a) & 1;
        add_run(generate(c, cfg), opt, want, sp);
    }
    out.failing = sp.failing.size();
    out.passing = sp.passing.size();

    // Every address once, to its line.
    std::vector<uintptr_t> pcs;
    for (const auto *group : {&sp.failing, &sp.passing})
        for (const auto &s : *group) pcs.insert(pcs.end(), s.begin(), s.end());
    std::sort(pcs.begin(), pcs.end());
    pcs.erase(std::unique(pcs.begin(), pcs.end()), pcs.end());
    const std::vector<sut::SourceLine> where = sut::symbolize(pcs);
    std::map<sut::SourceLine, size_t> line_id;
    std::vector<sut::SourceLine> lines; // the failing step's, in the order first reached
    bool frozen = false;                // only the failing step's lines are numbered
    auto id_of = [&](uintptr_t pc) -> size_t {
        const size_t at = size_t(std::lower_bound(pcs.begin(), pcs.end(), pc) - pcs.begin());
        const sut::SourceLine &l = where[at];
        if (!implementation_line(l)) return SIZE_MAX;
        const auto it = line_id.find(l);
        if (it != line_id.end()) return it->second;
        if (frozen) return SIZE_MAX;
        line_id.emplace(l, lines.size());
        lines.push_back(l);
        return lines.size() - 1;
    };
    for (uintptr_t pc : sp.failing[0]) id_of(pc);
    frozen = true;
    std::vector<size_t> pc_id(pcs.size());
    for (size_t k = 0; k < pcs.size(); k++) pc_id[k] = id_of(pcs[k]);
    // Per line, how many failing and passing spectra ran it.
    std::vector<size_t> ef(lines.size()), ep(lines.size());
    auto count = [&](const std::vector<std::vector<uintptr_t>> &group, std::vector<size_t> &n) {
        std::vector<char> hit;
        for (const auto &s : group) {
            hit.assign(lines.size(), 0);
            for (uintptr_t pc : s) {
                const size_t id =
                    pc_id[size_t(std::lower_bound(pcs.begin(), pcs.end(), pc) - pcs.begin())];
                if (id < hit.size() && !hit[id]) hit[id] = 1, n[id]++;
            }
        }
    };
    count(sp.failing, ef);
    count(sp.passing, ep);
    for (const sut::SourceLine &l : lines) out.files.insert(l.file);

    // Ochiai; ties: the line the failing step reached last first.
    const double f = double(sp.failing.size());
    auto score = [&](size_t id) { return double(ef[id]) / std::sqrt(f * double(ef[id] + ep[id])); };
    std::vector<size_t> order(lines.size());
    for (size_t id = 0; id < order.size(); id++) order[id] = id;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (score(a) != score(b)) return score(a) > score(b);
        return a > b;
    });
    for (size_t k = 0; k < order.size() && k < top; k++)
        out.suspects.push_back({lines[order[k]], score(order[k])});
    if (out.suspects.empty()) out.none = "the failing step ran none of the implementation's lines";
    return out;
}

} // namespace lu
