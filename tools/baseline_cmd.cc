// `lu baseline`: which implementation this build runs, and its revision's
// known defects replayed: still present, fixed in this tree, or failing
// otherwise (the only outcome that fails: exit 1).
#include <cstdio>

#include <sut.h>

#include "command.h"
#include "report.h"

namespace lu::tools {

namespace {

int baseline(const std::string &dir) {
    const sut::Identity &id = sut::identity();
    std::printf("lu baseline: implementation under test: %s\n", sut::identity_line().c_str());
    RunOptions ro;
    Baseline b;
    if (dir.empty()) {
        if (!run_baseline("lu baseline", ro, &b)) return kExitUsage;
    } else {
        b = replay_baseline(dir, id.rev, ro);
        if (!b.error.empty()) {
            std::fprintf(stderr, "lu baseline: %s\n", b.error.c_str());
            return kExitUsage;
        }
        std::printf("%s", describe(b).c_str());
    }
    const size_t n = b.present.size() + b.fixed.size() + b.changed.size();
    std::printf("lu baseline: revision %s: %zu known defect(s): %zu present, %zu fixed, %zu "
                "failing otherwise\n",
                id.rev.c_str(), n, b.present.size(), b.fixed.size(), b.changed.size());
    if (b.changed.empty()) return kExitPass;
    const KnownDefect &d = b.changed.front();
    print_summary(d.verdict, d.path, "lu replay " + d.path + " --trace");
    return kExitFail;
}

} // namespace

void add_baseline_command(CLI::App &app, Commands &cmds) {
    static std::string dir;
    auto *cmd = app.add_subcommand(
        "baseline", "replay the known defects of the implementation's revision (corpus/kernel/)");
    cmd->add_option("--dir", dir, "the folder of known defects (default: corpus/kernel/<rev>)");
    cmds.add(cmd, [] { return baseline(dir); });
}

} // namespace lu::tools
