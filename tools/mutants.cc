// `lu mutants` (see mutants.h): one hunt per seeded bug, with lu-check's
// families and, for the baseline, with the naive tester; a table on stdout,
// DIR/mutants.json, and DIR/<bug>.lu for each bug killed.
#include "mutants.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include <sut.h>

#include "command.h"
#include "families.h"
#include "findings.h"
#include "json.h"
#include "report.h"

namespace lu::tools {
namespace {

struct Hunt {
    bool killed = false;
    std::string family, signature, path;
    uint64_t programs = 0;
    double seconds = 0;
    size_t steps = 0, preemptions = 0;
    bool passes_fixed = false; // the reproducer passes on the fixed port
    uint64_t false_alarms = 0; // failing programs that fail on the fixed port too
    // Where localize() puts the line the bug changes among the reproducer's
    // suspects (1 = first); 0 when it is not among the first kSuspects.
    size_t suspect_rank = 0;
    std::string suspect; // the first suspect
};

constexpr size_t kSuspects = 10;

// The lines seeded bug @name changes, as (file, line), in @files: each line
// that switches it, and when that line opens an `if` or an `else`, the
// statement the switch guards (the next line).
std::set<std::pair<std::string, int>> bug_lines(const std::string &name,
                                                const std::set<std::string> &files) {
    std::set<std::pair<std::string, int>> out;
    const std::string needle = "LU_BUG(" + name + ")";
    for (const std::string &file : files) {
        std::ifstream in(file);
        std::string text;
        for (int n = 1; std::getline(in, text); n++) {
            if (text.find(needle) == std::string::npos) continue;
            out.insert({file, n});
            const bool opens =
                text.find("if (") != std::string::npos || text.find("else") != std::string::npos;
            if (opens && text.find(';') == std::string::npos) out.insert({file, n + 1});
        }
    }
    return out;
}

void locate(Hunt &h, const Program &p, const RunOptions &ro, const std::string &bug) {
    const Localization loc = localize(p, ro, kSuspects);
    if (!loc.suspects.empty()) h.suspect = suspect_text(loc.suspects[0].where);
    const auto lines = bug_lines(bug, loc.files);
    for (size_t k = 0; k < loc.suspects.size(); k++)
        if (lines.count({loc.suspects[k].where.file, loc.suspects[k].where.line})) {
            h.suspect_rank = k + 1;
            return;
        }
}

// The bits a bug is hunted with: itself, plus LUO generation A for the v2
// defects (the LUO of their time).
uint64_t hunt_mask(int bug) {
    uint64_t m = uint64_t(1) << bug;
    if (lu_bug_info[bug].set == LU_SET_V2) m |= uint64_t(1) << LU_BUG_luo_gen_a;
    return m;
}

void finish_kill(Hunt &h, const Program &p, const Verdict &v, const RunOptions &ro,
                 const std::string &dir, const std::string &file, const std::string &bug) {
    h.killed = true;
    h.signature = v.signature;
    const Reproducer r = make_reproducer(p, v, ro);
    h.steps = r.program.steps.size();
    h.preemptions = r.preemptions;
    h.passes_fixed = run_program(r.program, RunOptions{}).ok;
    h.path = (std::filesystem::path(dir) / (file + ".lu")).string();
    save(r.program, h.path);
    locate(h, r.program, ro, bug);
}

Hunt hunt(int bug, double budget, uint64_t seed, bool naive, const std::string &dir) {
    Hunt h;
    RunOptions ro;
    ro.bugs = hunt_mask(bug);
    std::string spec = lu_bug_info[bug].name;
    if (ro.bugs & (uint64_t(1) << LU_BUG_luo_gen_a) && bug != LU_BUG_luo_gen_a)
        spec += ",luo_gen_a";
    const auto &fams = families();
    const double start = now_seconds();
    const Family baseline = naive_family();
    FairShare share(fams.size());
    std::vector<uint64_t> next(fams.size(), 0);
    for (uint64_t k = 0; now_seconds() - start < budget; k++) {
        h.programs = k + 1;
        const double t0 = now_seconds();
        const size_t fi = naive ? 0 : share.next();
        const Family &fam = naive ? baseline : fams[fi];
        Outcome out = run_family(fam, seed, next[fi]++, ro, spec);
        share.charge(fi, now_seconds() - t0);
        h.family = fam.name;
        if (out.verdict.ok) continue;
        // A program that fails on the fixed port too is a false alarm, not a kill.
        if (!run_program(out.program, RunOptions{}).ok) {
            h.false_alarms++;
            continue;
        }
        h.seconds = now_seconds() - start;
        finish_kill(h, out.program, out.verdict, ro, dir, naive ? spec + ".naive" : spec,
                    lu_bug_info[bug].name);
        return h;
    }
    h.family.clear();
    h.seconds = now_seconds() - start;
    return h;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

int mutants(const MutantsOptions &o) {
    double budget;
    std::string why;
    if (!parse_duration(o.budget, &budget, &why)) {
        std::fprintf(stderr, "lu mutants: --budget-per-bug: %s\n", why.c_str());
        return kExitUsage;
    }
    std::vector<int> bugs;
    uint64_t mask = 0;
    std::string err;
    if (!o.bugs.empty() && !sut::parse_bugs(o.bugs, &mask, &err)) {
        std::fprintf(stderr, "lu mutants: --bugs: %s (see `lu bugs`)\n", err.c_str());
        return kExitUsage;
    }
    for (int b = 0; b < LU_NR_BUGS; b++)
        if (lu_bug_info[b].set != LU_SET_MODE && (o.bugs.empty() || (mask >> b) & 1))
            bugs.push_back(b);
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec) {
        std::fprintf(stderr, "lu mutants: --out: cannot create %s\n", o.out.c_str());
        return kExitUsage;
    }
    std::printf("%-28s %-8s %-18s %9s %9s %5s %7s %7s%s\n", "bug", "set", "killed by", "programs",
                "seconds", "steps", "preempt", "suspect",
                o.baseline ? "  baseline (programs, seconds)" : "");
    static const char *sets[] = {"mode", "v1", "v2", "mutation"};
    Json j;
    j.begin_object().field("seed", o.seed).field("budget_per_bug_seconds", budget);
    j.key("bugs").begin_array();
    std::vector<double> ours, theirs;
    size_t killed = 0, base_killed = 0, bad = 0, top1 = 0, top3 = 0;
    uint64_t alarms = 0, base_alarms = 0;
    for (int b : bugs) {
        const Hunt h = hunt(b, budget, o.seed, false, o.out);
        Hunt n;
        if (o.baseline) n = hunt(b, budget, o.seed, true, o.out);
        killed += h.killed;
        base_killed += n.killed;
        bad += h.killed && !h.passes_fixed;
        alarms += h.false_alarms;
        base_alarms += n.false_alarms;
        ours.push_back(h.killed ? h.seconds : budget);
        theirs.push_back(n.killed ? n.seconds : budget);
        char base[64] = "";
        if (o.baseline)
            std::snprintf(base, sizeof(base), "  %s",
                          n.killed ? (std::to_string(n.programs) + ", " +
                                      std::to_string(n.seconds).substr(0, 6))
                                         .c_str()
                                   : "survived");
        top1 += h.suspect_rank == 1;
        top3 += h.suspect_rank && h.suspect_rank <= 3;
        std::printf("%-28s %-8s %-18s %9llu %9.3f %5zu %7zu %7s%s%s\n", lu_bug_info[b].name,
                    sets[lu_bug_info[b].set], h.killed ? h.family.c_str() : "SURVIVED",
                    (unsigned long long)h.programs, h.seconds, h.steps, h.preemptions,
                    h.suspect_rank ? std::to_string(h.suspect_rank).c_str() : "-", base,
                    h.killed && !h.passes_fixed ? "  (reproducer fails on fixed too)" : "");
        std::fflush(stdout);
        j.begin_object()
            .field("bug", lu_bug_info[b].name)
            .field("set", sets[lu_bug_info[b].set])
            .field("killed", h.killed)
            .field("family", h.family)
            .field("signature", h.signature)
            .field("programs", h.programs)
            .field("seconds", h.seconds)
            .field("reproducer", h.path)
            .field("reproducer_steps", uint64_t(h.steps))
            .field("preemptions", uint64_t(h.preemptions))
            .field("passes_on_fixed", h.passes_fixed)
            .field("false_alarms", h.false_alarms)
            .field("suspect", h.suspect)
            .field("suspect_rank", uint64_t(h.suspect_rank));
        if (o.baseline)
            j.key("baseline")
                .begin_object()
                .field("killed", n.killed)
                .field("programs", n.programs)
                .field("seconds", n.seconds)
                .field("reproducer_steps", uint64_t(n.steps))
                .field("false_alarms", n.false_alarms)
                .end_object();
        j.end_object();
    }
    j.end_array();
    const double med = median(ours);
    std::printf("killed %zu/%zu, median %.3f s, max %.3f s to detection, %llu false alarm(s)\n",
                killed, bugs.size(), med,
                ours.empty() ? 0.0 : *std::max_element(ours.begin(), ours.end()),
                (unsigned long long)alarms);
    std::printf("localization: the changed line is the first suspect for %zu/%zu, among the "
                "first 3 for %zu/%zu\n",
                top1, killed, top3, killed);
    j.field("killed", uint64_t(killed)).field("total", uint64_t(bugs.size()));
    j.field("suspect_top1", uint64_t(top1)).field("suspect_top3", uint64_t(top3));
    j.field("median_seconds", med).field("false_alarms", alarms);
    if (o.baseline) {
        double a = 0, z = 0;
        for (double x : ours) a += x;
        for (double x : theirs) z += x;
        // Survivors count as the whole budget: the ratio is a lower bound.
        std::printf("baseline: killed %zu/%zu, median %.3f s, %llu false alarm(s); total time to "
                    "detection %.1f s vs %.1f s: %.1fx faster (at least; survivors count as the "
                    "budget)\n",
                    base_killed, bugs.size(), median(theirs), (unsigned long long)base_alarms, a, z,
                    a > 0 ? z / a : 0.0);
        j.field("baseline_killed", uint64_t(base_killed))
            .field("baseline_median_seconds", median(theirs))
            .field("baseline_false_alarms", base_alarms)
            .field("speedup_total_time", a > 0 ? z / a : 0.0);
    }
    j.end_object();
    write_atomically((std::filesystem::path(o.out) / "mutants.json").string(), j.str() + "\n");
    std::printf("report: %s/mutants.json; reproducers: %s/<bug>.lu\n", o.out.c_str(),
                o.out.c_str());
    if (killed == bugs.size() && !bad) return kExitPass;
    std::printf("SUMMARY: lu: mutants: %zu of %zu seeded bug(s) survived%s\n", bugs.size() - killed,
                bugs.size(), bad ? ", some reproducers fail on fixed" : "");
    return kExitFail;
}

void add_mutants_command(CLI::App &app, Commands &cmds) {
    static MutantsOptions o;
    auto *cmd = app.add_subcommand("mutants", "the scoreboard: hunt every seeded bug");
    cmd->add_option("--budget-per-bug", o.budget, "time per bug: 10s, 1m, ... (default 10s)");
    cmd->add_flag("--baseline", o.baseline, "also hunt with the naive random tester");
    cmd->add_option("--bugs", o.bugs, "only these (comma-separated names, or v2)");
    cmd->add_option("--seed", o.seed, "seed of the hunts");
    cmd->add_option("--out", o.out, "directory for mutants.json and reproducers");
    cmds.add(cmd, [] { return mutants(o); });
}

} // namespace lu::tools
