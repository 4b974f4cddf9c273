// `lu check` (see check.h).
#include "check.h"

#include <chrono>
#include <cstdio>
#include <map>

#include "lu_text.h"
#include <sut.h>

#include "families.h"
#include "findings.h"

#include "command.h"
#include "ktap.h"
#include "report.h"

namespace lu::tools {

namespace {

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)v);
    return buf;
}

// Program @i's KTAP test: a known defect of the tree passes, with a diagnostic.
KtapTest program_test(size_t i, const Outcome &out, const Baseline &baseline) {
    KtapTest t{"program " + std::to_string(i), true, "", {}, {}};
    if (out.verdict.ok) return t;
    const std::string &sig = out.verdict.signature;
    const bool known = baseline.is_known(sig);
    t.ok = known;
    t.diagnostics.push_back((known ? "known defect " : "") + sig + ": " +
                            describe(out.program, out.verdict));
    return t;
}

// The run as KTAP: "programs" with one subtest per program run, then one
// test per distinct failure and per known defect met or failing otherwise.
std::string check_ktap(std::vector<KtapTest> programs, const std::string &header,
                       const std::map<std::string, Finding> &found,
                       const std::map<std::string, size_t> &known_seen, const Baseline &baseline) {
    bool all_ok = true;
    for (const KtapTest &t : programs) all_ok = all_ok && t.ok;
    std::vector<KtapTest> tests{{"programs", all_ok, "", {}, std::move(programs)}};
    for (const auto &[sig, f] : found)
        tests.push_back(
            {sig,
             false,
             "",
             {sig + ": " + f.detail,
              sig + ": " + std::to_string(f.count) + " failing program(s), first " +
                  std::to_string(f.index) + ", minimized from " + std::to_string(f.steps_before) +
                  " to " + std::to_string(f.steps_after) + " step(s)",
              sig + ": replay: lu replay " + shell_quote(f.path) + " --trace"},
             {}});
    for (const auto &[sig, n] : known_seen)
        tests.push_back({"known " + sig,
                         true,
                         "",
                         {sig + ": known defect of revision " + baseline.rev + ", met in " +
                          std::to_string(n) + " program(s)"},
                         {}});
    for (const KnownDefect &d : baseline.changed)
        tests.push_back({"known " + d.signature,
                         false,
                         "",
                         {d.signature + ": known defect of revision " + baseline.rev +
                          " now fails as " + d.verdict + " (" + d.path + ")"},
                         {}});
    return ktap_document(tests, {header});
}

} // namespace

int check(const CheckOptions &o) {
    Program header;
    header.bugs = o.bugs == "fixed" ? "" : o.bugs;
    RunOptions ro;
    if (!resolve_bugs(header.bugs, header, &ro.bugs)) return kExitUsage;
    Family fam{"check", {}};
    fam.gen.max_steps = o.max_steps;
    fam.gen.min_steps = o.max_steps < 6 ? o.max_steps : 6;
    fam.gen.fault_percent = o.faults;
    fam.gen.block_percent = o.blocks;
    fam.strategy = o.strategy;
    fam.fail_nth = o.fail_nth;
    fam.naive = o.naive;

    std::printf("lu check: implementation under test: %s\n", sut::identity_line().c_str());
    Baseline baseline;
    if (!run_baseline("lu check", ro, &baseline)) return kExitUsage;
    std::map<std::string, size_t> known_seen;

    const auto t0 = std::chrono::steady_clock::now();
    Findings findings(o.out, ro);
    size_t steps = 0, runs = 0, generated = 0, inconclusive = 0;
    std::string last;
    std::vector<KtapTest> ktap_programs; // with --ktap: one per program run
    for (size_t i = o.first; i < o.first + o.programs; i++) {
        Outcome out = run_family(fam, o.seed, i, ro, header.bugs);
        generated++;
        if (!o.ktap.empty()) ktap_programs.push_back(program_test(i, out, baseline));
        runs += out.runs;
        steps += out.steps;
        inconclusive += out.inconclusive;
        if (out.verdict.ok) continue;
        if (baseline.is_known(out.verdict.signature)) {
            known_seen[out.verdict.signature]++;
            continue;
        }
        std::string err;
        const Finding *f = findings.add(out.program, out.verdict, fam.name, i, &err);
        if (!err.empty()) {
            std::fprintf(stderr, "lu check: %s\n", err.c_str());
            return kExitUsage;
        }
        if (!f) continue;
        last = f->signature;
        std::printf("lu check: program %zu (seed %s) fails: %s\n", i, hex(o.seed).c_str(),
                    f->detail.c_str());
        std::printf("minimized from %zu to %zu step(s): %s\n%s", f->steps_before, f->steps_after,
                    f->path.c_str(), print(f->minimized).c_str());
        std::printf("regenerate: lu check --seed %s --first %zu --programs 1%s%s\n",
                    hex(o.seed).c_str(), i, header.bugs.empty() ? "" : " --bugs ",
                    header.bugs.c_str());
        if (!o.keep_going) break;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto &found = findings.all();
    std::printf("lu check: %zu program(s), %zu run(s), %zu step(s) in %.2f s, seed %s, bugs %s: "
                "%zu failure(s), %zu distinct, %zu inconclusive\n",
                generated, runs, steps, secs, hex(o.seed).c_str(),
                header.bugs.empty() ? "fixed" : header.bugs.c_str(), findings.failures(),
                found.size(), inconclusive);
    for (const auto &[sig, n] : known_seen)
        std::printf("known defect: %s (%zu program(s))\n", sig.c_str(), n);
    for (const KnownDefect &d : baseline.changed)
        std::printf("known defect fails otherwise: %s, expected %s\n", d.path.c_str(),
                    d.signature.c_str());
    if (!o.ktap.empty()) {
        char line[256];
        std::snprintf(line, sizeof(line), "lu check: seed %s, bugs %s, programs %zu..%zu",
                      hex(o.seed).c_str(), header.bugs.empty() ? "fixed" : header.bugs.c_str(),
                      o.first, o.first + generated - 1);
        if (!write_atomically(
                o.ktap, check_ktap(std::move(ktap_programs), line, found, known_seen, baseline)))
            return kExitUsage;
    }
    if (found.empty() && baseline.changed.empty()) return kExitPass;
    if (found.empty()) {
        const KnownDefect &d = baseline.changed.front();
        print_summary(d.verdict, d.path, "lu replay " + shell_quote(d.path) + " --trace");
        return kExitFail;
    }
    for (const auto &[sig, f] : found)
        if (sig != last) std::printf("also: %s -> %s\n", sig.c_str(), f.path.c_str());
    const Finding &f = found.at(last);
    print_summary(f.signature, f.path, "lu replay " + shell_quote(f.path) + " --trace");
    return kExitFail;
}

void add_check_command(CLI::App &app, Commands &cmds) {
    static CheckOptions chk;
    auto *check_cmd = app.add_subcommand("check", "a quick property run of generated programs");
    check_cmd->add_option("--seed", chk.seed, "seed of the run");
    check_cmd->add_option("--first", chk.first, "index of the first program");
    check_cmd->add_option("--programs", chk.programs, "number of programs")
        ->check(CLI::Range(size_t(1), size_t(1) << 40));
    check_cmd->add_option("--bugs", chk.bugs, "seeded bugs: fixed, v2, or names");
    check_cmd->add_option("--steps", chk.max_steps, "longest program")
        ->check(CLI::Range(1, 100000));
    check_cmd->add_option("--faults", chk.faults, "percent of steps with a fault")
        ->check(CLI::Range(0, 100));
    check_cmd->add_flag("--fail-nth", chk.fail_nth,
                        "also run the fail-nth loop over every program");
    check_cmd->add_flag("--keep-going", chk.keep_going, "do not stop at the first failure");
    check_cmd->add_option("--blocks", chk.blocks, "percent of steps that are concurrent blocks")
        ->check(CLI::Range(0, 100));
    check_cmd->add_option("--strategy", chk.strategy, "scheduling of concurrent blocks")
        ->check(CLI::IsMember({"random", "pct", "none"}));
    check_cmd->add_option("--out", chk.out, "directory for reproducers");
    check_cmd->add_option("--ktap", chk.ktap,
                          "also write the results as KTAP (KUnit/kselftest) to FILE: one subtest "
                          "per program run, one test per distinct failure");
    check_cmd->add_flag("--naive", chk.naive,
                        "programs from the naive random tester (uniform ops, the baseline)");
    cmds.add(check_cmd, [] { return check(chk); });
}

} // namespace lu::tools
