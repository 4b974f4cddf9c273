// The `lu` command: the user's entry point to lu-check. Each tools/ module adds
// its subcommands (see command.h); this file only lists the modules.
#include <CLI/CLI.hpp>

#include "command.h"

int main(int argc, char **argv) {
    CLI::App app{"lu: property-based and fault-injection testing of the IOMMU live-update path"};
    app.require_subcommand(1);
    lu::tools::Commands cmds;
    lu::tools::add_demo_commands(app, cmds);
    lu::tools::add_replay_commands(app, cmds);
    lu::tools::add_check_command(app, cmds);
    lu::tools::add_baseline_command(app, cmds);
    lu::tools::add_explore_command(app, cmds);
    lu::tools::add_codec_commands(app, cmds);
    lu::tools::add_nightly_command(app, cmds);
    lu::tools::add_mutants_command(app, cmds);
    lu::tools::add_bench_command(app, cmds);
    lu::tools::add_merge_command(app, cmds);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        // --help exits 0; any other parse error is bad usage (2).
        return app.exit(e) == 0 ? 0 : 2;
    }
    return cmds.dispatch();
}
