// The `lu` command: the user's entry point to lu-check. Subcommands parse
// their options with CLI11 and call into the tools/ modules.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <sut.h>

#include "demo.h"

namespace {

int list_bugs() {
    static const char *sets[] = {"mode", "v1", "v2", "mutation"};
    for (int i = 0; i < LU_NR_BUGS; i++)
        std::printf("%-28s %-8s %s\n", lu_bug_info[i].name, sets[lu_bug_info[i].set],
                    lu_bug_info[i].what);
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    CLI::App app{"lu: property-based and fault-injection testing of the IOMMU live-update path"};
    app.require_subcommand(1);

    lu::tools::DemoOptions demo;
    std::string bugs = "fixed";
    auto *demo_cmd = app.add_subcommand("demo", "run a scripted preserve / kexec / restore round trip");
    demo_cmd->add_option("--bugs", bugs, "seeded bugs: fixed, v2, or names separated by commas");
    demo_cmd->add_option("--domains", demo.domains, "domains to preserve")->check(CLI::Range(1, 8000));
    demo_cmd->add_option("--devices", demo.devices, "devices to preserve")->check(CLI::Range(1, 256));

    app.add_subcommand("bugs", "list the seeded bugs");

    CLI11_PARSE(app, argc, argv);
    if (app.got_subcommand("bugs")) return list_bugs();
    std::string err;
    if (!lu::sut::parse_bugs(bugs, &demo.bugs, &err)) {
        std::fprintf(stderr, "lu: --bugs: %s\n", err.c_str());
        return 2;
    }
    return lu::tools::run_demo(demo);
}
