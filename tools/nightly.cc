// `lu nightly` (see nightly.h): the parent process. It forks the workers,
// gathers what they report, prints progress, keeps reproducers and reports up
// to date on disk, and on SIGINT/SIGTERM stops the workers and writes what it
// has. Exit codes: kNightlyExitCodes below.
#include "nightly.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <random>

#include <sut.h>

#include "command.h"
#include "families.h"
#include "nightly_parent.h"
#include "report.h"

namespace lu::tools {
namespace {

volatile std::sig_atomic_t parent_stop = 0;
void on_parent_stop(int) { parent_stop = 1; }

bool parse_shard(const std::string &s, unsigned *i, unsigned *n) {
    unsigned a, b;
    char tail;
    if (std::sscanf(s.c_str(), "%u/%u%c", &a, &b, &tail) != 2 || b == 0 || a >= b || b > 100000)
        return false;
    *i = a;
    *n = b;
    return true;
}

bool parse_families(const std::string &spec, std::vector<size_t> *out, std::string *bad) {
    const auto &fs = families();
    if (spec.empty()) {
        for (size_t i = 0; i < fs.size(); i++) out->push_back(i);
        return true;
    }
    size_t pos = 0;
    while (pos <= spec.size()) {
        const size_t comma = spec.find(',', pos);
        const std::string name = spec.substr(pos, comma == std::string::npos ? comma : comma - pos);
        const Family *f = family_by_name(name);
        if (!f) {
            *bad = name;
            return false;
        }
        out->push_back(size_t(f - fs.data()));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return true;
}

constexpr const char *kNightlyExitCodes =
    "Exit codes: 0 clean; 1 failures found (whatever else happened); 2 bad usage, or the --out "
    "directory or the reports cannot be written; 3 interrupted (SIGINT/SIGTERM) with no "
    "failures and no dead worker; 4 a worker process died (by a signal, or exited non-zero) with "
    "no failures: its "
    "latest programs are lost, report.json names it under worker_failures.";

int usage(const std::string &msg) {
    std::fprintf(stderr, "lu nightly: %s\n", msg.c_str());
    return kExitUsage;
}

} // namespace

int nightly(const NightlyOptions &o) {
    NightlyReport r;
    double budget;
    if (!parse_duration(o.budget, &budget))
        return usage("--budget: '" + o.budget + "' is not a duration (90s, 10m, 2h, 1h30m)");
    if (!parse_shard(o.shard, &r.shard, &r.shards))
        return usage("--shard: '" + o.shard + "' is not I/N with 0 <= I < N");
    if (o.jobs < 1 || o.jobs > 256) return usage("--jobs: from 1 to 256");
    std::vector<size_t> fam_idx;
    std::string bad;
    if (!parse_families(o.families, &fam_idx, &bad))
        return usage("--families: no family '" + bad + "'");
    uint64_t bugs;
    Program header;
    if (!resolve_bugs(o.bugs == "fixed" ? "" : o.bugs, header, &bugs)) return kExitUsage;
    if (o.seed.empty()) {
        std::random_device rd;
        r.seed = (uint64_t(rd()) << 32) ^ rd();
    } else {
        char *end = nullptr;
        errno = 0;
        r.seed = std::strtoull(o.seed.c_str(), &end, 0);
        if (errno || end == o.seed.c_str() || *end)
            return usage("--seed: '" + o.seed + "' is not a number");
    }
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(o.out) / "repro", ec);
    if (ec) return usage("--out: cannot create " + o.out + "/repro: " + ec.message());
    // Found now rather than when the first reproducer or the reports are due.
    for (const std::string &dir : {o.out, o.out + "/repro"})
        if (const auto why = writable_dir(dir))
            return usage("--out: cannot write in " + dir + ": " + *why);
    r.bugs = o.bugs;
    r.budget = budget;
    r.jobs = o.jobs;
    for (size_t i : fam_idx) r.families.push_back({families()[i].name});

    r.sut = sut::identity_line();
    std::printf("lu nightly: implementation under test: %s\n", r.sut.c_str());
    {
        RunOptions ro;
        ro.bugs = bugs;
        if (!run_baseline("lu nightly", ro, &r.baseline)) return kExitUsage;
    }
    // A known defect that now fails otherwise is a new finding.
    for (const KnownDefect &d : r.baseline.changed) {
        NightlyFailure nf;
        nf.signature = d.verdict;
        nf.family = "baseline";
        nf.detail = "known defect " + d.signature + " now fails as " + d.verdict;
        nf.path = d.path;
        nf.count = 1;
        nf.minimized = true;
        r.failures.emplace(d.verdict, nf);
    }
    std::printf("lu nightly: seed 0x%llx, shard %u/%u, %u job(s), budget %s, bugs %s, out %s\n",
                (unsigned long long)r.seed, r.shard, r.shards, o.jobs, o.budget.c_str(),
                o.bugs.c_str(), o.out.c_str());
    std::printf("rerun: lu nightly --seed 0x%llx --shard %u/%u --jobs %u --bugs %s --budget %s\n",
                (unsigned long long)r.seed, r.shard, r.shards, o.jobs, o.bugs.c_str(),
                o.budget.c_str());
    std::fflush(stdout);

    struct sigaction sa {};
    sa.sa_handler = on_parent_stop;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    const double start = now_seconds();
    Gatherer g(r, o, start);
    for (unsigned j = 0; j < o.jobs; j++) {
        int fds[2];
        if (pipe(fds)) return usage("pipe failed");
        std::fflush(nullptr);
        const pid_t pid = fork();
        if (pid < 0) return usage("fork failed");
        if (pid == 0) {
            close(fds[0]);
            WorkerPlan plan;
            plan.seed = r.seed;
            plan.bugs = bugs;
            plan.bugs_spec = o.bugs == "fixed" ? "" : o.bugs;
            plan.families = fam_idx;
            // Program k of a family belongs to shard k % shards, and within
            // it to job (k / shards) % jobs: no two workers share a program.
            plan.first = r.shard + uint64_t(r.shards) * j;
            plan.stride = uint64_t(r.shards) * o.jobs;
            plan.deadline = start + budget;
            plan.known = r.baseline.known();
            nightly_worker(plan, fds[1]);
            _exit(0);
        }
        close(fds[1]);
        g.add_worker(pid, fds[0], j);
    }
    while (g.running()) {
        if (parent_stop && !r.interrupted) {
            r.interrupted = true;
            g.stop_workers();
        }
        g.poll_once(parent_stop ? 0.05 : 0.2);
    }
    r.elapsed = now_seconds() - start;
    r.finished = true;
    if (!g.finish()) return kExitUsage;
    if (!r.failures.empty()) return kExitFail;
    if (r.worker_died()) return kExitWorkerDied;
    return r.interrupted ? kExitInterrupted : kExitPass;
}

void add_nightly_command(CLI::App &app, Commands &cmds) {
    static NightlyOptions o;
    auto *cmd = app.add_subcommand("nightly", "hours of property runs: every family, fresh seeds, "
                                              "minimized reproducers and reports");
    // Later options win, so that `./x run --budget 10m` overrides the default job's.
    cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("--budget", o.budget, "how long: 90s, 10m, 2h, 1h30m (default 2m)");
    cmd->add_option("--jobs", o.jobs, "worker processes (default 1)");
    cmd->add_option("--shard", o.shard, "I/N: this run's share of the programs (default 0/1)");
    cmd->add_option("--seed", o.seed, "seed of the run (default: a fresh one, logged)");
    cmd->add_option("--bugs", o.bugs, "seeded bugs: fixed, v2, or names (default fixed)");
    cmd->add_option("--out", o.out, "directory for reproducers and reports (default lu-nightly)");
    cmd->add_option("--families", o.families,
                    "comma-separated: sequential, fail_nth, concurrent_random, concurrent_pct, "
                    "explore (default: all)");
    cmd->add_option("--progress-every", o.progress_every, "seconds between progress lines")
        ->check(CLI::Range(0.0, 3600.0));
    cmd->footer(kNightlyExitCodes);
    cmds.add(cmd, [] { return nightly(o); });
}

} // namespace lu::tools
