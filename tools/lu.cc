// The `lu` command: the user's entry point to lu-check. Subcommands parse
// their options with CLI11 and call into the tools/ modules.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <sut.h>

#include "check.h"
#include "demo.h"
#include "explore_cmd.h"
#include "replay.h"
#include "report.h"

namespace {

int list_bugs() {
    static const char *sets[] = {"mode", "v1", "v2", "mutation"};
    for (int i = 0; i < LU_NR_BUGS; i++)
        std::printf("%-28s %-8s %s\n", lu_bug_info[i].name, sets[lu_bug_info[i].set],
                    lu_bug_info[i].what);
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    CLI::App app{"lu: property-based and fault-injection testing of the IOMMU live-update path"};
    app.require_subcommand(1);

    lu::tools::DemoOptions demo;
    std::string bugs = "fixed";
    auto *demo_cmd =
        app.add_subcommand("demo", "run a scripted preserve / kexec / restore round trip");
    demo_cmd->add_option("--bugs", bugs, "seeded bugs: fixed, v2, or names separated by commas");
    demo_cmd->add_option("--domains", demo.domains, "domains to preserve")
        ->check(CLI::Range(1, 8000));
    demo_cmd->add_option("--devices", demo.devices, "devices to preserve")
        ->check(CLI::Range(1, 256));

    app.add_subcommand("bugs", "list the seeded bugs");

    lu::tools::ReplayOptions rep;
    auto *replay_cmd = app.add_subcommand("replay", "run one .lu reproducer against the model");
    replay_cmd->add_option("file", rep.file, ".lu file")->required();
    replay_cmd->add_option("--bugs", rep.bugs,
                           "seeded bugs (default: the file's `# bugs:`, else fixed)");
    replay_cmd->add_flag("--trace", rep.trace,
                         "print every step: op, expected, actual, faults fired");

    lu::tools::MinimizeOptions min;
    auto *min_cmd = app.add_subcommand("minimize", "shrink a failing .lu reproducer");
    min_cmd->add_option("file", min.file, ".lu file")->required();
    min_cmd->add_option("-o,--out", min.out, "where to write the minimized program")->required();
    min_cmd->add_option("--bugs", min.bugs, "seeded bugs (default: the file's `# bugs:`)");

    lu::tools::CheckOptions chk;
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

    lu::tools::ExploreCmdOptions exp;
    auto *explore_cmd = app.add_subcommand("explore", "every interleaving of a program's first concurrent block");
    explore_cmd->add_option("file", exp.file, ".lu file")->required();
    explore_cmd->add_option("--bugs", exp.bugs, "seeded bugs (default: the file's `# bugs:`, else fixed)");
    explore_cmd->add_flag("--naive", exp.naive, "also count the interleavings without the reduction");
    explore_cmd->add_option("-o,--out", exp.out, "where to write a failing schedule");
    explore_cmd->add_option("--max-runs", exp.max_runs, "bound on schedules run");

    CLI11_PARSE(app, argc, argv);
    if (app.got_subcommand("bugs")) return list_bugs();
    if (app.got_subcommand("replay")) return lu::tools::replay(rep);
    if (app.got_subcommand("minimize")) return lu::tools::minimize_file(min);
    if (app.got_subcommand("check")) return lu::tools::check(chk);
    if (app.got_subcommand("explore")) return lu::tools::explore_file(exp);
    std::string err;
    if (!lu::sut::parse_bugs(bugs, &demo.bugs, &err)) {
        std::fprintf(stderr, "lu: --bugs: %s\n", err.c_str());
        return lu::tools::kExitUsage;
    }
    return lu::tools::run_demo(demo);
}
