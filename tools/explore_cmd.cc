// `lu explore FILE`: every interleaving of the program's first concurrent
// block (sleep-set reduced), with the naive count for comparison; the first
// failing schedule is written out as a replayable reproducer. An exploration
// that --max-runs cut short is not exhaustive: without a failure it exits 3
// (kExitIncomplete), and no reduction ratio is drawn from capped counts.
#include "explore_cmd.h"

#include <chrono>
#include <cstdio>

#include "command.h"
#include "explore.h"
#include "lu_text.h"
#include "report.h"

namespace lu::tools {

int explore_file(const ExploreCmdOptions &o) {
    std::optional<Program> p = load(o.file);
    if (!p) return kExitUsage;
    RunOptions ro;
    if (!resolve_bugs(o.bugs, *p, &ro.bugs)) return kExitUsage;
    if (concurrent_blocks(*p).empty()) {
        std::fprintf(stderr, "%s: no concurrent block to explore\n", o.file.c_str());
        return kExitUsage;
    }
    p->schedules.assign(p->schedules.size(), {}); // explore, do not replay
    ExploreOptions eo;
    eo.max_runs = o.max_runs;
    auto timed = [&](bool reduce) {
        eo.reduce = reduce;
        const auto t0 = std::chrono::steady_clock::now();
        ExploreResult r = explore(*p, ro, eo);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%-8s %zu schedule(s) explored%s in %.3f s\n",
                    reduce ? "reduced:" : "naive:", r.explored,
                    r.complete || r.failed ? ""
                                           : (" (incomplete: stopped at --max-runs " +
                                              std::to_string(eo.max_runs) + ")")
                                                 .c_str(),
                    s);
        return r;
    };
    const ExploreResult naive = o.naive ? timed(false) : ExploreResult{};
    const ExploreResult r = timed(true);
    if (o.naive && naive.complete && r.complete && r.explored)
        std::printf("the reduction ran %.1fx fewer schedules\n",
                    double(naive.explored) / double(r.explored));
    else if (o.naive && !r.failed)
        std::printf("no reduction ratio: the %s count stopped at --max-runs %zu\n",
                    naive.complete ? "reduced" : "naive", eo.max_runs);
    if (!r.failed && !r.complete) {
        std::printf("explore: incomplete: --max-runs %zu stopped it before every interleaving "
                    "was run; no failure in the schedules run, but this is not exhaustive\n",
                    eo.max_runs);
        return kExitIncomplete;
    }
    if (!r.failed && r.inconclusive) {
        std::printf("explore: incomplete: %zu schedule(s) inconclusive (the linearizability "
                    "search ran out of budget); no failure, but this is not exhaustive\n",
                    r.inconclusive);
        return kExitIncomplete;
    }
    if (!r.failed) return kExitPass;
    Program out = r.failing;
    out.expect = "fail " + r.verdict.signature;
    if (!o.bugs.empty()) out.bugs = o.bugs;
    if (!o.out.empty() && !save(out, o.out)) return kExitUsage;
    std::printf("%s", print(out).c_str());
    print_summary(r.verdict, o.out.empty() ? o.file : o.out,
                  o.out.empty() ? "" : "lu replay " + shell_quote(o.out) + " --trace");
    return kExitFail;
}

void add_explore_command(CLI::App &app, Commands &cmds) {
    static ExploreCmdOptions exp;
    auto *cmd =
        app.add_subcommand("explore", "every interleaving of a program's first concurrent block");
    cmd->add_option("file", exp.file, ".lu file")->required();
    cmd->add_option("--bugs", exp.bugs, "seeded bugs (default: the file's `# bugs:`, else fixed)");
    cmd->add_flag("--naive", exp.naive, "also count the interleavings without the reduction");
    cmd->add_option("-o,--out", exp.out, "where to write a failing schedule");
    cmd->add_option("--max-runs", exp.max_runs,
                    "bound on schedules run (at least 1; reaching it without a failure: exit 3)")
        ->check(CLI::Range(size_t(1), size_t(1) << 40));
    cmds.add(cmd, [] { return explore_file(exp); });
}

} // namespace lu::tools
