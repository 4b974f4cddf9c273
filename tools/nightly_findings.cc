// One finding per root cause. A run's failures (one per signature) are
// grouped: two whose reproducers shrink to the same smallest program that
// fails at all are one mistake seen from two oracles or two later steps; so
// are two whose reproducers single out the same source line (localize(),
// decisive()), one mistake reached by two triggers. Each group is shown by
// its best reproducer (better_reproducer).
#include <algorithm>
#include <map>

#include "localize.h"
#include "lu_text.h"
#include "minimize.h"
#include "nightly.h"
#include "report.h"

namespace lu::tools {

namespace {

// The reproducer at @f.path shrunk to any failure, as text; empty when it
// cannot be read, or no longer fails.
std::string root_of(const NightlyFailure &f, size_t max_runs) {
    if (!f.minimized) return "";
    std::optional<Program> p = load(f.path);
    uint64_t bugs = 0;
    if (!p || !resolve_bugs("", *p, &bugs)) return "";
    RunOptions ro;
    ro.bugs = bugs;
    p->expect.clear();
    if (run_program(*p, ro).ok) return "";
    return print(minimize(*p, ro, kAnyFailure, nullptr, max_runs)); // `# bugs:` included
}

} // namespace

void group_findings(NightlyReport &r, size_t max_runs) {
    // Union-find over the failures: joined by the program their reproducers
    // shrink to, and by the source line they single out.
    std::vector<NightlyFailure *> all;
    for (auto &[sig, f] : r.failures) all.push_back(&f);
    std::vector<size_t> parent(all.size());
    for (size_t k = 0; k < all.size(); k++) parent[k] = k;
    auto find = [&](size_t k) {
        while (parent[k] != k) k = parent[k] = parent[parent[k]];
        return k;
    };
    std::map<std::string, size_t> first_of; // a root program or a line -> a failure
    auto join = [&](const std::string &key, size_t k) {
        auto [it, added] = first_of.emplace(key, k);
        if (!added) parent[find(k)] = find(it->second);
    };
    for (size_t k = 0; k < all.size(); k++) {
        const std::string root = root_of(*all[k], max_runs);
        if (!root.empty()) join("program " + root, k);
        if (all[k]->decisive) join("line " + all[k]->suspects[0], k);
    }
    std::map<size_t, std::vector<NightlyFailure *>> groups;
    for (size_t k = 0; k < all.size(); k++) groups[find(k)].push_back(all[k]);
    for (auto &[root, members] : groups) {
        const NightlyFailure *best = members.front();
        for (const NightlyFailure *f : members)
            if (better_reproducer(*f, *best)) best = f;
        const std::string finding = best->signature;
        for (NightlyFailure *f : members) f->finding = finding;
    }
}

void locate_failures(NightlyReport &r) {
    for (auto &[sig, f] : r.failures) {
        f.suspects.clear();
        std::optional<Program> p = f.minimized ? load(f.path) : std::nullopt;
        RunOptions ro;
        if (!p || !resolve_bugs("", *p, &ro.bugs)) continue;
        const Localization loc = localize(*p, ro, 3);
        for (const Suspect &s : loc.suspects) f.suspects.push_back(suspect_text(s.where));
        f.decisive = decisive(loc);
    }
}

std::map<std::string, std::vector<const NightlyFailure *>> findings_of(const NightlyReport &r) {
    std::map<std::string, std::vector<const NightlyFailure *>> out;
    for (const auto &[sig, f] : r.failures) out[f.finding.empty() ? sig : f.finding].push_back(&f);
    for (auto &[finding, members] : out)
        std::stable_sort(members.begin(), members.end(),
                         [](const NightlyFailure *a, const NightlyFailure *b) {
                             return better_reproducer(*a, *b);
                         });
    return out;
}

} // namespace lu::tools
