// `lu bench`: runs lu-check's benchmarks (bench/) in process and reports what
// they mean as ratios: the executor's cost per op over the bare port (100- and
// 10,000-op programs), a simulated-thread switch over a raw Boost.Context
// resume, the exhaustive exploration rate and reduction, and the fuzzer's
// decode cost; as a table and, with --json, as JSON.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "command.h"
#include "json.h"
#include "report.h"

namespace lu::tools {
namespace {

struct Measured {
    double ns = 0; // real time per iteration
    std::map<std::string, double> counters;
    double c(const std::string &name) const {
        auto it = counters.find(name);
        return it == counters.end() ? 0 : it->second;
    }
};

// Google Benchmark's console output, plus each run kept by name.
class Keeper : public benchmark::ConsoleReporter {
  public:
    Keeper() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}
    std::map<std::string, Measured> runs;
    void ReportRuns(const std::vector<Run> &report) override {
        ConsoleReporter::ReportRuns(report);
        for (const Run &r : report) {
            if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
            Measured m;
            m.ns = r.GetAdjustedRealTime() * 1e9 / benchmark::GetTimeUnitMultiplier(r.time_unit);
            for (const auto &[k, c] : r.counters) m.counters[k] = c.value;
            runs[r.benchmark_name()] = m;
        }
    }
};

struct BenchOptions {
    double min_time = 0.5;
    std::string json;
};

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

int bench(const BenchOptions &o) {
    std::string min = "--benchmark_min_time=" + std::to_string(o.min_time);
    std::vector<char *> argv = {const_cast<char *>("lu bench"), min.data()};
    int argc = int(argv.size());
    benchmark::Initialize(&argc, argv.data());
    Keeper k;
    benchmark::RunSpecifiedBenchmarks(&k);
    auto get = [&](const std::string &name) { return k.runs.count(name) ? k.runs[name] : Measured{}; };
    struct Line {
        const char *key, *what;
        double value;
        const char *goal;
    };
    const Measured raw = get("BM_RawContextSwitch"), incall = get("BM_RawContextSwitchInCall"),
                   sw = get("BM_SchedulerSwitch"), ex = get("BM_ExploreBlock/1"),
                   naive = get("BM_ExploreBlock/0");
    const std::vector<Line> lines = {
        {"executor_over_port_100", "executor / bare port, 100-op programs",
         ratio(get("BM_Executor/100").ns, get("BM_PortOnly/100").ns), "small factor"},
        {"executor_over_port_10000", "executor / bare port, 10,000-op programs",
         ratio(get("BM_Executor/10000").ns, get("BM_PortOnly/10000").ns), "small factor"},
        {"switch_over_raw_resume", "simulated-thread switch / raw Boost.Context resume",
         ratio(sw.c("ns_per_switch"), raw.c("ns_per_switch")), "<= 2"},
        {"switch_over_resume_in_call", "simulated-thread switch / raw resume inside a call",
         ratio(sw.c("ns_per_switch"), incall.c("ns_per_switch")), ""},
        {"switch_ns", "simulated-thread switch, ns", sw.c("ns_per_switch") * 1e9, ""},
        {"explore_schedules_per_s", "exhaustive exploration, schedules/s (2x2 block)",
         ex.c("schedules_per_s"), ""},
        {"explore_reduction", "schedules without / with sleep sets (2x2 block)",
         ratio(naive.c("schedules"), ex.c("schedules")), ">= 5"},
        {"decode_share_of_exec", "fuzz decode / decode + run of the same program",
         ratio(get("BM_DecodeProgram").ns, get("BM_DecodeAndRun").ns), "small"},
    };
    std::printf("\n%-56s %12s  %s\n", "ratio", "value", "goal");
    Json j;
    j.begin_object();
    for (const Line &l : lines) {
        std::printf("%-56s %12.3f  %s\n", l.what, l.value, l.goal);
        j.field(l.key, l.value);
    }
    j.key("benchmarks").begin_object();
    for (const auto &[name, m] : k.runs) {
        j.key(name).begin_object().field("ns", m.ns);
        for (const auto &[c, v] : m.counters) j.field(c, v);
        j.end_object();
    }
    j.end_object().end_object();
    if (!o.json.empty() && !write_atomically(o.json, j.str() + "\n")) return kExitUsage;
    return kExitPass;
}

} // namespace

void add_bench_command(CLI::App &app, Commands &cmds) {
    static BenchOptions o;
    auto *cmd = app.add_subcommand("bench", "lu-check's benchmarks, reported as ratios");
    cmd->add_option("--min-time", o.min_time, "seconds per benchmark (default 0.5)")
        ->check(CLI::Range(0.01, 60.0));
    cmd->add_option("--json", o.json, "also write the ratios and timings as JSON");
    cmds.add(cmd, [] { return bench(o); });
}

} // namespace lu::tools
