// `lu check` (see check.h).
#include "check.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "fail_nth.h"
#include "gen.h"
#include "lu_text.h"
#include "minimize.h"
#include <sut.h>

#include "command.h"
#include "report.h"

namespace lu::tools {

uint64_t program_seed(uint64_t seed, size_t i) {
    SeededChoices mix(seed ^ (uint64_t(i) * 0xd1b54a32d192ed03ull));
    return mix.below(~uint64_t(0));
}

namespace {

std::string file_name(const std::string &signature) {
    std::string s;
    for (char c : signature)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
    return s + ".lu";
}

std::string hex(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)v);
    return buf;
}

} // namespace

int check(const CheckOptions &o) {
    Program header;
    header.bugs = o.bugs == "fixed" ? "" : o.bugs;
    RunOptions ro;
    if (!resolve_bugs(header.bugs, header, &ro.bugs)) return kExitUsage;
    GenConfig gc;
    gc.max_steps = o.max_steps;
    gc.min_steps = o.max_steps < 6 ? o.max_steps : 6;
    gc.fault_percent = o.faults;
    gc.luo_gen_a = (ro.bugs >> LU_BUG_luo_gen_a) & 1;
    gc.block_percent = o.blocks;
    ro.strategy = o.strategy;

    const auto t0 = std::chrono::steady_clock::now();
    std::map<std::string, std::string> found; // signature -> reproducer
    size_t steps = 0, runs = 0, failures = 0, generated = 0;
    Verdict last;
    for (size_t i = o.first; i < o.first + o.programs; i++) {
        SeededChoices c(program_seed(o.seed, i));
        Program p = generate(c, gc);
        ro.sched_seed = program_seed(o.seed ^ 0x5c4ed, i);
        p.bugs = header.bugs;
        generated++;
        Verdict v = run_program(p, ro);
        runs++;
        steps += v.steps_run;
        if (v.ok && o.fail_nth) {
            FailNthResult r = fail_nth_both(p, ro);
            runs += r.runs;
            if (r.failed) {
                p = r.failing;
                v = r.verdict;
            }
        }
        if (v.ok) continue;
        failures++;
        p.schedules = v.schedules; // the failing interleavings, for replay
        if (found.count(v.signature)) continue;
        MinimizeStats st;
        Program small = minimize(p, ro, v.signature, &st);
        small.expect = "fail " + v.signature;
        std::filesystem::create_directories(o.out);
        const std::string path = (std::filesystem::path(o.out) / file_name(v.signature)).string();
        if (!save(small, path)) return kExitUsage;
        found[v.signature] = path;
        last = v;
        std::printf("lu check: program %zu (seed %s) fails: %s\n", i, hex(o.seed).c_str(),
                    describe(p, v).c_str());
        std::printf("minimized from %zu to %zu step(s) in %zu runs: %s\n%s", st.steps_before,
                    st.steps_after, st.runs, path.c_str(), print(small).c_str());
        std::printf("regenerate: lu check --seed %s --first %zu --programs 1%s%s\n",
                    hex(o.seed).c_str(), i, header.bugs.empty() ? "" : " --bugs ",
                    header.bugs.c_str());
        if (!o.keep_going) break;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("lu check: %zu program(s), %zu run(s), %zu step(s) in %.2f s, seed %s, bugs %s: "
                "%zu failure(s), %zu distinct\n",
                generated, runs, steps, secs, hex(o.seed).c_str(),
                header.bugs.empty() ? "fixed" : header.bugs.c_str(), failures, found.size());
    if (found.empty()) return kExitPass;
    for (const auto &[sig, path] : found)
        if (sig != last.signature) std::printf("also: %s -> %s\n", sig.c_str(), path.c_str());
    print_summary(last, found[last.signature], "lu replay " + found[last.signature] + " --trace");
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
    cmds.add(check_cmd, [] { return check(chk); });
}

} // namespace lu::tools
