// One finding per root cause. A run's failures (one per signature) are
// grouped: two whose reproducers shrink to the same smallest program that
// fails at all are one mistake seen from two oracles or two later steps. Each
// group is shown by its best reproducer (better_reproducer). Each failure
// also gets the source lines its reproducer points at (localize()).
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
    std::map<std::string, std::vector<NightlyFailure *>> groups;
    for (auto &[sig, f] : r.failures) {
        std::string root = root_of(f, max_runs);
        groups[root.empty() ? "signature " + sig : root].push_back(&f);
    }
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
        for (const Suspect &s : localize(*p, ro, 3).suspects)
            f.suspects.push_back(suspect_text(s.where));
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
