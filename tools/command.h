// How a subcommand joins `lu`: each tools/ module adds its subcommand and
// options to the CLI11 app and registers what runs when that subcommand is
// the one given. lu.cc lists the modules; nothing else knows them all.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace lu::tools {

class Commands {
  public:
    // @run is called after parsing when @cmd was given; it returns the exit code.
    void add(CLI::App *cmd, std::function<int()> run) { list_.emplace_back(cmd, std::move(run)); }
    // The exit code of the subcommand given, or 2 when none of ours was.
    int dispatch() const {
        for (const auto &[cmd, run] : list_)
            if (cmd->parsed()) return run();
        return 2;
    }

  private:
    std::vector<std::pair<CLI::App *, std::function<int()>>> list_;
};

// Each add_* keeps its options in a static of its own, so that they outlive
// parsing.
void add_demo_commands(CLI::App &app, Commands &cmds);
void add_replay_commands(CLI::App &app, Commands &cmds);
void add_baseline_command(CLI::App &app, Commands &cmds);
void add_check_command(CLI::App &app, Commands &cmds);
void add_explore_command(CLI::App &app, Commands &cmds);
void add_codec_commands(CLI::App &app, Commands &cmds);
void add_nightly_command(CLI::App &app, Commands &cmds);
void add_mutants_command(CLI::App &app, Commands &cmds);
void add_bench_command(CLI::App &app, Commands &cmds);
void add_merge_command(CLI::App &app, Commands &cmds);

} // namespace lu::tools
