// `lu demo`: a short live-update scenario on the built-in port, printed step
// by step: preserve domains and devices across more than one chain page,
// kexec, restore every device, and check each restored domain translates as
// before. Exit 0 when the round trip holds, 1 when it does not.
#include "demo.h"

#include "command.h"
#include "report.h"

#include <cerrno>
#include <cstdio>

#include <sut.h>

namespace lu::tools {
namespace {

int failures;

void check(bool ok, const char *what) {
    std::printf("  %-58s %s\n", what, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

void print_chains(const sut::World &w) {
    for (sut::Chain c : sut::kChains) {
        sut::ChainView v = w.chain(c);
        std::printf("  %-7s chain: %zu page(s), slots per page %zu:", sut::chain_name(c),
                    v.pages.size(), sut::max_objs(c));
        for (const auto &p : v.pages) std::printf(" %llu", (unsigned long long)p.nr_objects);
        std::printf("\n");
    }
}

} // namespace

int run_demo(const DemoOptions &opt) {
    sut::World w(opt.bugs);
    const int domains = opt.domains, devices = opt.devices;
    std::printf("lu demo: %d domains, %d devices on 2 IOMMU units, bugs=%#llx\n", domains, devices,
                (unsigned long long)opt.bugs);

    int f = w.file_open();
    int units[2] = {w.unit_add(), w.unit_add()};
    std::vector<int> dom, dev;
    for (int i = 0; i < domains; i++) {
        dom.push_back(w.domain_alloc(f));
        w.domain_map(dom.back(), uint64_t(i) << 21, 1 + i % 3);
    }
    for (int i = 0; i < devices; i++) {
        dev.push_back(w.dev_add(units[i % 2], 0, 0x100 + i));
        w.dev_attach(dev.back(), dom[i % domains]);
    }
    std::printf("step 1: preserve the iommufd file (creates the FLB and chain heads)\n");
    check(w.file_preserve(f) == 0, "file_preserve");
    std::printf("step 2: preserve every device, then unpreserve every fourth one\n");
    int rc = 0;
    for (int v : dev) rc |= w.dev_preserve(v);
    check(rc == 0, "dev_preserve x all");
    for (int i = 0; i < devices; i += 4) rc |= w.dev_unpreserve(dev[i]);
    check(rc == 0, "dev_unpreserve x every fourth (their slots become deleted)");
    print_chains(w);
    std::printf("step 3: kexec (only KHO-preserved frames survive, mapping changes)\n");
    size_t preserved = w.preserved_frames().size();
    check(w.kexec() == 0, "kexec");
    check(w.incoming_frames().size() == preserved, "every preserved frame arrived");
    std::printf("step 4: restore units and devices, compare translations\n");
    for (int u : units) rc |= w.unit_restore(u);
    check(rc == 0, "unit_restore x 2");
    bool same = true, skipped = true;
    for (int i = 0; i < devices; i++) {
        if (i % 4 == 0) {
            skipped &= w.dev_restore(dev[i]) == -ENOENT;
            continue;
        }
        if (w.dev_restore(dev[i]) != 0) same = false;
        int d = dom[i % domains];
        for (uint64_t pg = 0; pg < uint64_t(1 + d % 3); pg++) {
            uint64_t iova = (uint64_t(d) << 21) + pg * 4096, phys = 0;
            w.dev_translate(dev[i], iova, &phys);
            same &= phys == sut::World::map_target(d, iova);
        }
    }
    check(same, "restored domains translate exactly as before");
    check(skipped, "unpreserved devices are not found (deleted slots skipped)");
    std::printf("step 5: retrieve and finish the file (FLB finish frees every page)\n");
    check(w.file_retrieve(f) == 0 && w.file_finish(f) == 0, "file_retrieve + file_finish");
    check(w.flb().finished, "FLB finished");
    check(!w.dead() && w.events_total() == 0, "no BUG, WARN or KHO event");
    for (const auto &e : w.events())
        std::printf("    event %s: %s\n", lu_event_kind_name(e.kind), e.msg.c_str());
    std::printf("%s\n", failures ? "SUMMARY: lu: demo FAILED" : "demo: round trip holds");
    return failures ? 1 : 0;
}

namespace {

int list_bugs() {
    static const char *sets[] = {"mode", "v1", "v2", "mutation"};
    for (int i = 0; i < LU_NR_BUGS; i++)
        std::printf("%-28s %-8s %s\n", lu_bug_info[i].name, sets[lu_bug_info[i].set],
                    lu_bug_info[i].what);
    return kExitPass;
}

} // namespace

void add_demo_commands(CLI::App &app, Commands &cmds) {
    static DemoOptions demo;
    static std::string bugs = "fixed";
    auto *demo_cmd =
        app.add_subcommand("demo", "run a scripted preserve / kexec / restore round trip");
    demo_cmd->add_option("--bugs", bugs, "seeded bugs: fixed, v2, or names separated by commas");
    demo_cmd->add_option("--domains", demo.domains, "domains to preserve")
        ->check(CLI::Range(1, 8000));
    demo_cmd->add_option("--devices", demo.devices, "devices to preserve")
        ->check(CLI::Range(1, 256));
    cmds.add(demo_cmd, [] {
        std::string err;
        if (!sut::parse_bugs(bugs, &demo.bugs, &err)) {
            std::fprintf(stderr, "lu: --bugs: %s\n", err.c_str());
            return kExitUsage;
        }
        return run_demo(demo);
    });
    cmds.add(app.add_subcommand("bugs", "list the seeded bugs"), list_bugs);
}

} // namespace lu::tools
