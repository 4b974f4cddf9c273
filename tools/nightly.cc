// `lu nightly` (see nightly.h): the parent process. It forks the workers,
// gathers what they report, prints progress, keeps reproducers and reports up
// to date on disk, and on SIGINT/SIGTERM stops the workers and writes what it
// has. Exit codes: kNightlyExitCodes below.
#include "nightly.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <sut.h>

#include "command.h"
#include "families.h"
#include "ktap.h"
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

// Take DIR/.lock (flock, held until this process ends) and write our pid in
// it: the descriptor, or -1 (printed) when another run holds it.
int lock_out_dir(const std::string &dir) {
    const std::string path = dir + "/.lock";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        usage("--out: cannot create " + path + ": " + std::strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        std::string holder;
        // The holder writes its pid right after taking the lock.
        for (int tries = 0; tries < 50 && holder.empty(); tries++) {
            char buf[32] = {};
            const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) holder += buf[i];
            if (holder.empty()) usleep(10 * 1000);
        }
        close(fd);
        if (err == EWOULDBLOCK)
            usage("--out: " + dir + " is in use by another lu nightly run (pid " +
                  (holder.empty() ? "unknown" : holder) + ", lock " + path +
                  "); wait for it to end, or give this run its own --out");
        else
            usage("--out: cannot lock " + path + ": " + std::strerror(err));
        return -1;
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) != ssize_t(pid.size())) {
        usage("--out: cannot write " + path + ": " + std::strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

} // namespace

int nightly(const NightlyOptions &o) {
    NightlyReport r;
    double budget;
    std::string why;
    if (!parse_duration(o.budget, &budget, &why)) return usage("--budget: " + why);
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
    if (!o.ktap.empty()) {
        const std::filesystem::path dir = std::filesystem::path(o.ktap).parent_path();
        if (const auto why = writable_dir(dir.empty() ? "." : dir.string()))
            return usage("--ktap: cannot write in " + (dir.empty() ? "." : dir.string()) + ": " +
                         *why);
    }
    // One run per directory: a second would overwrite this one's reports.
    const int lock_fd = lock_out_dir(o.out);
    if (lock_fd < 0) return kExitUsage;
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
    // The reports exist (state running) from the start, not from the first refresh.
    if (!write_nightly_reports(r, o.out))
        return usage("the reports could not be written to " + o.out +
                     " (see above); the run does not start");
    std::printf("lu nightly: seed 0x%llx, shard %u/%u, %u job(s), budget %s, bugs %s, out %s\n",
                (unsigned long long)r.seed, r.shard, r.shards, o.jobs, o.budget.c_str(),
                o.bugs.c_str(), o.out.c_str());
    std::printf("rerun: %s --seed 0x%llx --shard %u/%u --jobs %u --bugs %s --budget %s\n",
                runnable("lu nightly").c_str(), (unsigned long long)r.seed, r.shard, r.shards,
                o.jobs, shell_quote(o.bugs).c_str(), shell_quote(o.budget).c_str());
    std::fflush(stdout);

    struct sigaction sa {};
    sa.sa_handler = on_parent_stop;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    const double start = now_seconds();
    Gatherer g(r, o, start);
    const pid_t parent = getpid();
    for (unsigned j = 0; j < o.jobs; j++) {
        int fds[2];
        if (pipe(fds)) return usage("pipe failed");
        std::fflush(nullptr);
        const pid_t pid = fork();
        if (pid < 0) return usage("fork failed");
        if (pid == 0) {
            // A worker ends with its parent, even one that is SIGKILLed.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent) _exit(kExitWorkerDied);
            close(lock_fd);
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
            plan.parent = parent;
            plan.programs = o.programs;
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
    if (!o.ktap.empty() && !write_atomically(o.ktap, nightly_ktap(r))) return kExitUsage;
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
    cmd->add_option("--programs", o.programs,
                    "per family, over all shards: programs 0..N-1 only, the families in turn, so "
                    "that a run is the same every time (the budget still ends it)")
        ->check(CLI::Range(uint64_t(1), uint64_t(1) << 40));
    cmd->add_option("--ktap", o.ktap, "also write the results as KTAP (KUnit/kselftest) to FILE");
    cmd->footer(kNightlyExitCodes);
    cmds.add(cmd, [] { return nightly(o); });
}

} // namespace lu::tools
