// A nightly worker process: runs its slice of the programs, family after
// family, and tells the parent over a pipe what it ran (S lines, deltas), each
// new failure as soon as it is seen (F, unminimized) and again once minimized,
// and how often known ones recur (C). The parent owns the output directory.
#include <unistd.h>

#include <csignal>
#include <map>
#include <string>

#include "lu_text.h"
#include <sut.h>

#include "families.h"
#include "findings.h"
#include "nightly.h"
#include "report.h"

namespace lu::tools {

namespace {

volatile std::sig_atomic_t stop_requested = 0, parent_pid = 0;
// A stop from the parent ends the current program first; once the parent is
// gone (PR_SET_PDEATHSIG) no one reads the results, so the worker ends now,
// by the signal itself (delivered, with its default action, on return).
void on_stop(int sig) {
    if (parent_pid && getppid() != pid_t(parent_pid)) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    stop_requested = 1;
}

std::string flat(std::string s) {
    for (char &c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

class Pipe {
  public:
    explicit Pipe(int fd) : fd_(fd) {}
    void send(const std::string &msg) {
        size_t off = 0;
        while (off < msg.size()) {
            const ssize_t n = write(fd_, msg.data() + off, msg.size() - off);
            if (n <= 0) _exit(3); // the parent is gone
            off += size_t(n);
        }
    }

  private:
    int fd_;
};

// The seeded bugs of @mask that alone (with the modes) still fail as @sig.
std::string culprits(const Program &p, uint64_t mask, const std::string &sig) {
    uint64_t modes = 0;
    for (int b = 0; b < LU_NR_BUGS; b++)
        if (lu_bug_info[b].set == LU_SET_MODE) modes |= uint64_t(1) << b;
    std::string out;
    for (int b = 0; b < LU_NR_BUGS; b++) {
        if (!((mask >> b) & 1) || ((modes >> b) & 1)) continue;
        RunOptions ro;
        ro.bugs = (uint64_t(1) << b) | (mask & modes);
        if (run_program(p, ro).signature == sig)
            out += (out.empty() ? "" : ",") + std::string(lu_bug_info[b].name);
    }
    return out;
}

// The `# bugs:` line for @mask: the names of its switches.
std::string bug_spec(uint64_t mask) {
    std::string s;
    for (int b = 0; b < LU_NR_BUGS; b++)
        if ((mask >> b) & 1) s += (s.empty() ? "" : ",") + std::string(lu_bug_info[b].name);
    return s;
}

std::string failure_msg(size_t fam, uint64_t index, const std::string &sig, const Program &p,
                        const std::string &detail, size_t before, size_t after, size_t preempt,
                        bool minimized, const std::string &who) {
    const std::string text = print(p);
    return "F\t" + std::to_string(fam) + '\t' + std::to_string(index) + '\t' + flat(sig) + '\t' +
           std::to_string(before) + '\t' + std::to_string(after) + '\t' + std::to_string(preempt) +
           '\t' + (minimized ? "1" : "0") + '\t' + who + '\t' + flat(detail) + '\t' +
           std::to_string(text.size()) + '\n' + text;
}

} // namespace

void nightly_worker(const WorkerPlan &plan, int fd) {
    parent_pid = std::sig_atomic_t(plan.parent);
    std::signal(SIGINT, on_stop);
    std::signal(SIGTERM, on_stop);
    Pipe pipe(fd);
    RunOptions ro;
    ro.bugs = plan.bugs;
    std::string spec = plan.bugs_spec;
    const auto &fams = families();
    const size_t nf = plan.families.size();
    std::vector<FamilyTally> delta(nf);
    std::map<std::string, uint64_t> seen, recur; // signature -> recurrences not yet sent
    std::map<std::string, uint64_t> known;       // known defects met, not yet sent
    double last_sent = now_seconds();
    auto flush = [&] {
        std::string msg;
        for (size_t f = 0; f < nf; f++) {
            const FamilyTally &d = delta[f];
            if (!d.programs) continue;
            msg += "S\t" + std::to_string(f) + '\t' + std::to_string(d.programs) + '\t' +
                   std::to_string(d.runs) + '\t' + std::to_string(d.steps) + '\t' +
                   std::to_string(d.failures) + '\t' + std::to_string(d.inconclusive) + '\n';
            delta[f] = {};
        }
        for (const auto &[sig, n] : recur) msg += "C\t" + sig + '\t' + std::to_string(n) + '\n';
        recur.clear();
        for (const auto &[sig, n] : known) msg += "K\t" + sig + '\t' + std::to_string(n) + '\n';
        known.clear();
        if (!msg.empty()) pipe.send(msg);
        last_sent = now_seconds();
    };
    // Families share the time equally (FairShare); within a family this
    // worker runs programs first, first + stride, ...
    std::vector<uint64_t> next(nf, 0);
    FairShare share(nf);
    size_t turn = 0; // under plan.programs: the families in turn, the same order every run
    auto capped = [&](size_t f) { return plan.first + plan.stride * next[f] >= plan.programs; };
    while (!stop_requested && now_seconds() < plan.deadline) {
        size_t f = share.next();
        if (plan.programs) {
            size_t tried = 0;
            while (tried < nf && capped(turn % nf)) turn++, tried++;
            if (tried == nf) break;
            f = turn++ % nf;
        }
        const double t0 = now_seconds();
        const Family &fam = fams[plan.families[f]];
        const uint64_t index = plan.first + plan.stride * next[f]++;
        Outcome out = run_family(fam, plan.seed, index, ro, spec);
        share.charge(f, now_seconds() - t0);
        FamilyTally &d = delta[f];
        d.programs++;
        d.runs += out.runs;
        d.steps += out.steps;
        d.inconclusive += out.inconclusive;
        if (!out.verdict.ok && plan.known.count(flat(out.verdict.signature))) {
            known[flat(out.verdict.signature)]++;
        } else if (!out.verdict.ok) {
            d.failures++;
            const std::string sig = flat(out.verdict.signature);
            if (seen[sig]++) {
                recur[sig]++;
            } else {
                // Kept at once, so an interruption during minimization loses nothing.
                const std::string detail = describe(out.program, out.verdict);
                flush();
                pipe.send(failure_msg(f, index, sig, out.program, detail, out.program.steps.size(),
                                      out.program.steps.size(), out.verdict.preemptions, false,
                                      ""));
                const Reproducer r = make_reproducer(out.program, out.verdict, ro);
                const std::string who = culprits(r.program, ro.bugs, out.verdict.signature);
                pipe.send(failure_msg(f, index, sig, r.program,
                                      r.verdict.ok ? detail : describe(r.program, r.verdict),
                                      r.stats.steps_before, r.stats.steps_after, r.preemptions,
                                      true, who));
                // A seeded bug with a reproducer is switched off for the rest
                // of this worker's run, so that it does not hide the others.
                if (!who.empty() && who.find(',') == std::string::npos) {
                    uint64_t one = 0;
                    std::string err;
                    if (sut::parse_bugs(who, &one, &err)) {
                        ro.bugs &= ~one;
                        spec = bug_spec(ro.bugs);
                    }
                }
            }
        }
        if (now_seconds() - last_sent > 0.25) flush();
    }
    flush();
}

} // namespace lu::tools
