// `lu replay FILE` and `lu minimize FILE -o OUT`: run one reproducer and show
// where the port and the model part ways; shrink a failing one.
#include "replay.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include "lu_text.h"
#include "timeline.h"
#include <sut.h>

#include "codec_cmd.h"
#include "command.h"
#include "findings.h"
#include "ktap.h"
#include "ops.h"
#include "report.h"

namespace lu::tools {

namespace {

std::string choice_text(const SchedChoice &c) {
    return "t" + std::to_string(c.thread) + ":" +
           (c.kind == kSchedStart ? "start" : lu_sched_kind_name(lu_sched_kind(c.kind)));
}

// Why @given, the schedule a block of @threads threads names, is not @ran,
// the one its run recorded (every real choice); empty when @given is @ran or
// a prefix of it.
std::string misfit(const std::vector<SchedChoice> &given, const std::vector<SchedChoice> &ran,
                   int threads) {
    size_t i = 0;
    while (i < given.size() && i < ran.size() && given[i] == ran[i]) i++;
    if (i == given.size() && i == ran.size()) return "";
    // A schedule may stop early: from there the lowest runnable thread goes
    // on, the same way every time (minimized reproducers keep only the
    // choices their failure needs).
    if (i == given.size()) return "";
    if (i == ran.size())
        return "it has " + std::to_string(given.size()) + " choices, the run made only " +
               std::to_string(ran.size());
    const std::string at = "choice " + std::to_string(i + 1) + " (" + choice_text(given[i]) + ")";
    if (given[i].thread >= threads)
        return at + " names a thread the block does not have (t0..t" + std::to_string(threads - 1) +
               ")";
    if (given[i].thread != ran[i].thread)
        return at + ": t" + std::to_string(given[i].thread) + " cannot run there (ran " +
               choice_text(ran[i]) + ")";
    return at + ": the thread is at another point (" + choice_text(ran[i]) + ")";
}

// The line of @path where its @b-th concurrent block opens (0 when not found).
int block_line(const std::string &path, size_t b) {
    std::ifstream in(path, std::ios::binary);
    int lineno = 0;
    size_t seen = 0;
    for (std::string ln; std::getline(in, ln);) {
        lineno++;
        const size_t i = ln.find_first_not_of(" \t");
        if (i != std::string::npos && ln.compare(i, 10, "concurrent") == 0 && seen++ == b)
            return lineno;
    }
    return 0;
}

// The first block whose given schedule the run did not follow, as an error
// message; empty when every schedule fit.
std::string schedule_misfit(const std::string &path, const Program &p, const Verdict &v) {
    const auto blocks = concurrent_blocks(p);
    for (size_t b = 0; b < v.schedules.size() && b < p.schedules.size(); b++) {
        if (p.schedules[b].empty() || b >= blocks.size()) continue;
        int threads = 0;
        for (size_t k = blocks[b].first; k < blocks[b].second; k++)
            threads = std::max(threads, int(p.steps[k].thread));
        const std::string why = misfit(p.schedules[b], v.schedules[b], threads);
        if (why.empty()) continue;
        std::string ran;
        for (size_t i = 0; i < v.schedules[b].size() && i < 1000; i++)
            ran += " " + choice_text(v.schedules[b][i]);
        if (v.schedules[b].size() > 1000) ran += " ...";
        return path + ": schedule of the block at line " + std::to_string(block_line(path, b)) +
               " does not fit: " + why +
               " (it would replay another interleaving, and give that one's verdict)\n" + path +
               ": the schedule this run made instead:\nschedule:" + ran;
    }
    return "";
}

// The replay as KTAP: one test for the file, with one subtest per step.
// Steps after the run ended are skipped; the failing step of a file that
// expects that failure is an expected failure (XFAIL).
std::string replay_ktap(const std::string &file, const Program &p, const Verdict &v,
                        const std::string &bugs, bool judged, bool met) {
    std::vector<KtapTest> steps;
    std::array<int, 4> made{};
    const bool failed_at_step = !v.ok && v.step >= 0 && size_t(v.step) < p.steps.size();
    for (size_t i = 0; i < p.steps.size(); i++) {
        const Step &s = p.steps[i];
        const int kind = handle_kind_index(op_info(s.op).creates);
        const int created = kind >= 0 && kind < 4 ? made[kind]++ : -1;
        KtapTest t{"step " + std::to_string(i) + " " + print_step(s, created), true, "", {}, {}};
        if (failed_at_step && size_t(v.step) == i) {
            t.diagnostics.push_back(v.signature + ": " + v.detail);
            if (met)
                t.directive = "XFAIL expected: " + p.expect;
            else
                t.ok = false;
        } else if (i >= v.steps_run) {
            t.directive = v.ended_by_panic
                              ? "SKIP not run: the run ended with the panic the model predicted"
                              : "SKIP not run: the run ended at step " + std::to_string(v.step);
        }
        steps.push_back(std::move(t));
    }
    KtapTest top{file, met || (v.ok && !judged), "", {}, std::move(steps)};
    top.diagnostics.push_back(file + ": " + describe(p, v));
    if (judged)
        top.diagnostics.push_back(std::string("expected: ") + p.expect + ": " +
                                  (met ? "as expected" : "NOT as expected"));
    return ktap_document({top}, {"lu replay " + file + ", bugs " + bugs});
}

} // namespace

// Exit 2 for a file that cannot be replayed as written (bad input, or a
// schedule the run cannot follow). Under its own `# expect:` (no --bugs):
// 0 when the verdict is the expected one, 1 when not. Otherwise 1 on any
// failure. 3 when a block's linearizability search ran out of budget.
int replay(const ReplayOptions &o) {
    std::optional<Program> p = load(o.file);
    if (!p) return kExitUsage;
    RunOptions ro;
    if (!resolve_bugs(o.bugs, *p, &ro.bugs)) return kExitUsage;
    ro.trace = o.trace;
    if (o.linearize_budget) ro.linearize_budget = o.linearize_budget;
    Timeline tl;
    if (!o.timeline.empty()) ro.timeline = &tl;
    Verdict v = run_program(*p, ro);
    for (const std::string &line : v.trace) std::printf("  %s\n", line.c_str());
    if (const std::string why = schedule_misfit(o.file, *p, v); !why.empty()) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s\n", why.c_str());
        return kExitUsage;
    }
    const std::string bugs = o.bugs.empty() ? (p->bugs.empty() ? "fixed" : p->bugs) : o.bugs;
    std::printf("%s: %zu step(s), bugs %s: %s\n", o.file.c_str(), p->steps.size(), bugs.c_str(),
                describe(*p, v).c_str());
    const bool judged = !p->expect.empty() && o.bugs.empty();
    const bool met = judged && meets_expectation(*p, v);
    if (judged)
        std::printf("expected: %s: %s\n", p->expect.c_str(),
                    met ? "as expected" : "NOT as expected");
    if (!o.ktap.empty() && !write_atomically(o.ktap, replay_ktap(o.file, *p, v, bugs, judged, met)))
        return kExitUsage;
    if (!o.timeline.empty()) {
        tl.title = o.file + " (bugs " + bugs + ")";
        if (!write_atomically(o.timeline, timeline_html(tl))) return kExitUsage;
        std::printf("timeline: %s\n", o.timeline.c_str());
    }
    if (v.ok && v.inconclusive) {
        std::printf("%s: inconclusive: neither a pass nor a failure; the steps after the block "
                    "did not run (raise --linearize-budget)\n",
                    o.file.c_str());
        return kExitIncomplete;
    }
    if (met || (v.ok && !judged)) return kExitPass;
    if (v.ok) return kExitFail; // a failure was expected
    std::string cmd = "lu replay " + shell_quote(o.file) + " --trace";
    if (!o.bugs.empty()) cmd += " --bugs " + shell_quote(o.bugs);
    const Localization loc = localize(*p, ro);
    print_suspects(loc);
    print_summary(v, o.file + " step " + std::to_string(v.step), cmd, first_suspect(loc));
    return kExitFail;
}

int minimize_file(const MinimizeOptions &o) {
    std::optional<Program> p = load_program_or_bytes(o.file);
    if (!p) return kExitUsage;
    RunOptions ro;
    if (!resolve_bugs(o.bugs, *p, &ro.bugs)) return kExitUsage;
    Verdict v = run_program(*p, ro);
    if (v.ok) {
        std::printf("%s passes; nothing to minimize\n", o.file.c_str());
        return kExitPass;
    }
    Reproducer r = make_reproducer(*p, v, ro);
    Program &small = r.program;
    const MinimizeStats &st = r.stats;
    if (!o.bugs.empty()) small.bugs = o.bugs;
    if (!save(small, o.out)) return kExitUsage;
    std::printf("%s: %zu -> %zu steps, %zu -> %zu faults, %zu runs\n", v.signature.c_str(),
                st.steps_before, st.steps_after, st.faults_before, st.faults_after, st.runs);
    std::printf("%s", print(small).c_str());
    print_summary(v, o.out, "lu replay " + shell_quote(o.out) + " --trace");
    return kExitFail;
}

void add_replay_commands(CLI::App &app, Commands &cmds) {
    static ReplayOptions rep;
    auto *replay_cmd = app.add_subcommand("replay", "run one .lu reproducer against the model");
    replay_cmd->add_option("file", rep.file, ".lu file")->required();
    replay_cmd->add_option("--bugs", rep.bugs,
                           "seeded bugs (default: the file's `# bugs:`, else fixed)");
    replay_cmd->add_flag("--trace", rep.trace,
                         "print every step: op, expected, actual, faults fired");
    replay_cmd->add_option("--timeline", rep.timeline,
                           "write the run as a self-contained HTML/SVG timeline to this file");
    replay_cmd->add_option("--ktap", rep.ktap,
                           "also write the result as KTAP (KUnit/kselftest) to FILE: one test for "
                           "the file, one subtest per step");
    replay_cmd
        ->add_option("--linearize-budget", rep.linearize_budget,
                     "prefixes the linearizability search of one block may try (default 200000)")
        ->check(CLI::Range(size_t(1), size_t(1) << 40));
    replay_cmd->footer(
        "Exit codes: 0 pass; 1 a failure; under the file's own `# expect:` (no "
        "--bugs), 0 when the verdict is the expected one and 1 when not; 2 bad "
        "input, or a schedule: line the run cannot follow exactly; 3 inconclusive: a block's "
        "linearizability search ran out of budget.");
    cmds.add(replay_cmd, [] { return replay(rep); });

    static MinimizeOptions min;
    auto *min_cmd = app.add_subcommand("minimize", "shrink a failing .lu reproducer");
    min_cmd->add_option("file", min.file, ".lu file, or a fuzzer crash file (decoded first)")
        ->required();
    min_cmd->add_option("-o,--out", min.out, "where to write the minimized program")->required();
    min_cmd->add_option("--bugs", min.bugs, "seeded bugs (default: the file's `# bugs:`)");
    cmds.add(min_cmd, [] { return minimize_file(min); });
}

} // namespace lu::tools
