// `lu replay FILE` and `lu minimize FILE -o OUT`: run one reproducer and show
// where the port and the model part ways; shrink a failing one.
#include "replay.h"

#include <cstdio>

#include "lu_text.h"
#include "timeline.h"
#include <sut.h>

#include "codec_cmd.h"
#include "command.h"
#include "findings.h"
#include "report.h"

namespace lu::tools {

int replay(const ReplayOptions &o) {
    std::optional<Program> p = load(o.file);
    if (!p) return kExitUsage;
    RunOptions ro;
    if (!resolve_bugs(o.bugs, *p, &ro.bugs)) return kExitUsage;
    ro.trace = o.trace;
    Timeline tl;
    if (!o.timeline.empty()) ro.timeline = &tl;
    Verdict v = run_program(*p, ro);
    for (const std::string &line : v.trace) std::printf("  %s\n", line.c_str());
    const std::string bugs = o.bugs.empty() ? (p->bugs.empty() ? "fixed" : p->bugs) : o.bugs;
    std::printf("%s: %zu step(s), bugs %s: %s\n", o.file.c_str(), p->steps.size(), bugs.c_str(),
                describe(*p, v).c_str());
    if (!p->expect.empty() && o.bugs.empty())
        std::printf("expected: %s: %s\n", p->expect.c_str(),
                    meets_expectation(*p, v) ? "as expected" : "NOT as expected");
    if (!o.timeline.empty()) {
        tl.title = o.file + " (bugs " + bugs + ")";
        if (!write_atomically(o.timeline, timeline_html(tl))) return kExitUsage;
        std::printf("timeline: %s\n", o.timeline.c_str());
    }
    if (v.ok) return kExitPass;
    std::string cmd = "lu replay " + o.file + " --trace";
    if (!o.bugs.empty()) cmd += " --bugs " + o.bugs;
    print_summary(v, o.file + " step " + std::to_string(v.step), cmd);
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
    print_summary(v, o.out, "lu replay " + o.out + " --trace");
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
