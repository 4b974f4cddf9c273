// The nightly parent's gathering of worker messages (see nightly_parent.h).
#include "nightly_parent.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "findings.h"
#include "report.h"

namespace lu::tools {
namespace {

std::vector<std::string> split_tabs(const std::string &line) {
    std::vector<std::string> out;
    size_t pos = 0;
    for (;;) {
        const size_t t = line.find('\t', pos);
        out.push_back(line.substr(pos, t == std::string::npos ? t : t - pos));
        if (t == std::string::npos) return out;
        pos = t + 1;
    }
}

uint64_t num(const std::string &s) { return std::strtoull(s.c_str(), nullptr, 10); }

std::string clock(double secs) {
    const long s = long(secs);
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

} // namespace

Gatherer::Gatherer(NightlyReport &r, const NightlyOptions &o, double start)
    : r_(r), o_(o), start_(start), tty_(isatty(STDERR_FILENO)) {
    every_ = o.progress_every > 0 ? o.progress_every : tty_ ? 0.5 : 10;
    last_progress_ = last_report_ = start;
}

void Gatherer::add_worker(pid_t pid, int fd, unsigned index) {
    workers_.push_back({pid, fd, index, {}, false, false});
}

bool Gatherer::running() const {
    for (const Worker &w : workers_)
        if (!w.done) return true;
    return false;
}

void Gatherer::poll_once(double timeout) {
    std::vector<pollfd> fds;
    std::vector<Worker *> who;
    for (Worker &w : workers_)
        if (!w.done) fds.push_back({w.fd, POLLIN, 0}), who.push_back(&w);
    const int n = poll(fds.data(), fds.size(), int(timeout * 1000));
    for (size_t i = 0; n > 0 && i < fds.size(); i++)
        if (fds[i].revents) handle(*who[i]);
    const double now = now_seconds();
    if (stop_at_ && now > stop_at_) {
        for (Worker &w : workers_)
            if (!w.done) kill(w.pid, SIGKILL), w.killed = true;
        stop_at_ = 0;
    }
    if (now - last_progress_ >= every_) progress(false);
    if (now - last_report_ >= 10) {
        r_.elapsed = now - start_;
        write_nightly_reports(r_, o_.out);
        last_report_ = now;
    }
}

void Gatherer::handle(Worker &w) {
    char buf[1 << 16];
    const ssize_t n = read(w.fd, buf, sizeof(buf));
    if (n <= 0) {
        w.done = true;
        close(w.fd);
        return;
    }
    w.buf.append(buf, size_t(n));
    while (take_message(w)) {
    }
}

// One complete message off the front of @w's buffer; false when none is whole.
bool Gatherer::take_message(Worker &w) {
    const size_t nl = w.buf.find('\n');
    if (nl == std::string::npos) return false;
    const std::vector<std::string> f = split_tabs(w.buf.substr(0, nl));
    if (f[0] == "F" && f.size() == 11) {
        const size_t len = num(f[10]);
        if (w.buf.size() < nl + 1 + len) return false;
        on_failure(f, w.buf.substr(nl + 1, len));
        w.buf.erase(0, nl + 1 + len);
        return true;
    }
    if (f[0] == "S" && f.size() == 7 && num(f[1]) < r_.families.size()) {
        FamilyTally &t = r_.families[num(f[1])];
        t.programs += num(f[2]);
        t.runs += num(f[3]);
        t.steps += num(f[4]);
        t.failures += num(f[5]);
        t.inconclusive += num(f[6]);
    } else if (f[0] == "K" && f.size() == 3) {
        r_.known_seen[f[1]] += num(f[2]);
    } else if (f[0] == "C" && f.size() == 3) {
        if (auto it = r_.failures.find(f[1]); it != r_.failures.end())
            it->second.count += num(f[2]);
    }
    w.buf.erase(0, nl + 1);
    return true;
}

// F fam index signature before after preemptions minimized culprits detail len
void Gatherer::on_failure(const std::vector<std::string> &f, const std::string &text) {
    const std::string &sig = f[3];
    const bool minimized = f[7] == "1";

    auto it = r_.failures.find(sig);
    const bool fresh = it == r_.failures.end();
    if (fresh) {
        NightlyFailure nf;
        nf.signature = sig;
        nf.family = num(f[1]) < r_.families.size() ? r_.families[num(f[1])].name : "?";
        nf.index = num(f[2]);
        nf.detail = f[9];
        nf.count = 1;
        nf.path = (std::filesystem::path(o_.out) / "repro" / signature_file_name(sig)).string();
        it = r_.failures.emplace(sig, nf).first;
    } else if (!minimized || it->second.minimized) {
        it->second.count += !minimized; // another worker's first sight of it
        return;
    }
    NightlyFailure &nf = it->second;
    nf.steps_before = num(f[4]);
    nf.steps_after = num(f[5]);
    nf.preemptions = num(f[6]);
    nf.minimized = minimized;
    nf.detail = f[9]; // the minimized program's own message replaces the original's
    nf.culprits.clear();
    for (size_t p = 0, c; p < f[8].size(); p = c + 1) {
        c = f[8].find(',', p);
        if (c == std::string::npos) c = f[8].size();
        nf.culprits.push_back(f[8].substr(p, c - p));
    }
    write_atomically(nf.path, text);
    if (tty_) std::fprintf(stderr, "\r\033[K");
    std::printf("%s %s (%s, program %llu)%s: %s\n", minimized ? "minimized" : "FAILURE",
                sig.c_str(), nf.family.c_str(), (unsigned long long)nf.index,
                minimized ? (", " + std::to_string(nf.steps_after) + " steps").c_str() : "",
                nf.path.c_str());
    std::fflush(stdout);
}

void Gatherer::progress(bool last) {
    const double now = now_seconds(), el = now - start_;
    uint64_t programs = 0, steps = 0, failures = 0;
    for (const FamilyTally &t : r_.families)
        programs += t.programs, steps += t.steps, failures += t.failures;
    char line[256];
    std::snprintf(line, sizeof(line),
                  "%s elapsed, %s left: %llu programs (%.0f/s), %llu steps (%.0f/s), %llu "
                  "failures, %zu distinct",
                  clock(el).c_str(), clock(std::max(0.0, r_.budget - el)).c_str(),
                  (unsigned long long)programs, el > 0 ? programs / el : 0.0,
                  (unsigned long long)steps, el > 0 ? steps / el : 0.0,
                  (unsigned long long)failures, r_.failures.size());
    if (tty_ && !last)
        std::fprintf(stderr, "\r\033[K%s", line);
    else
        std::fprintf(tty_ ? stderr : stdout, "%s%s\n", tty_ ? "\r\033[K" : "", line);
    std::fflush(nullptr);
    last_progress_ = now;
}

void Gatherer::stop_workers() {
    for (Worker &w : workers_)
        if (!w.done) kill(w.pid, SIGTERM);
    stop_at_ = now_seconds() + 20; // a worker finishes its program and its minimization
}

bool Gatherer::finish() {
    for (Worker &w : workers_) {
        int status = 0;
        pid_t got;
        while ((got = waitpid(w.pid, &status, 0)) < 0 && errno == EINTR) {
        }
        WorkerEnd e{w.index, long(w.pid), "", false};
        if (got < 0) {
            e.status = std::string("cannot be reaped: ") + std::strerror(errno);
            e.failed = true;
        } else if (WIFSIGNALED(status)) {
            const int sig = WTERMSIG(status);
            e.status = "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")" +
                       (w.killed ? " after the grace period of the stop" : "");
            e.failed = !w.killed;
        } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            e.status = "exited with status " + std::to_string(WEXITSTATUS(status));
            e.failed = true;
        } else {
            e.status = "exited 0";
        }
        r_.workers.push_back(e);
    }
    progress(true);
    locate_failures(r_);
    if (r_.failures.size() > 1) {
        std::printf("lu nightly: grouping %zu distinct failure(s) by root cause\n",
                    r_.failures.size());
        std::fflush(stdout);
        group_findings(r_);
    }
    const bool written = write_nightly_reports(r_, o_.out);
    for (const WorkerEnd &e : r_.workers)
        if (e.failed)
            std::printf("lu nightly: worker %u (pid %ld) %s: the programs it ran since its last "
                        "message are not counted\n",
                        e.index, e.pid, e.status.c_str());
    print_failure_lines(r_);
    const std::string outcome = std::string(r_.interrupted ? "interrupted, " : "") +
                                (r_.worker_died() ? "a worker died, " : "") +
                                (r_.failures.empty() ? "no failures" : "failures found");
    const bool clean = !r_.interrupted && !r_.worker_died() && r_.failures.empty();
    uint64_t inconclusive = 0;
    for (const FamilyTally &t : r_.families) inconclusive += t.inconclusive;
    if (inconclusive)
        std::printf("lu nightly: %llu program(s) inconclusive: a block's linearizability search "
                    "ran out of budget; counted apart, neither passed nor failed\n",
                    (unsigned long long)inconclusive);
    if (written)
        std::printf("lu nightly: %s; reports in %s/{report.json,junit.xml,summary.md}\n",
                    clean ? "clean" : outcome.c_str(), o_.out.c_str());
    else
        std::printf("lu nightly: %s; the reports could not be written to %s (see above)\n",
                    clean ? "clean" : outcome.c_str(), o_.out.c_str());
    for (const auto &[sig, n] : r_.known_seen)
        std::printf("known defect: %s (%llu program(s))\n", sig.c_str(), (unsigned long long)n);
    for (const KnownDefect &d : r_.baseline.fixed)
        std::printf("known defect fixed in this tree: %s (%s)\n", d.signature.c_str(),
                    d.path.c_str());
    if (r_.failures.empty()) {
        if (r_.worker_died())
            std::printf("SUMMARY: lu: worker-died in %s/report.json [sut: %s]\n", o_.out.c_str(),
                        r_.sut.c_str());
        return written;
    }
    print_failure_summary(r_, o_.out);
    return written;
}

} // namespace lu::tools
