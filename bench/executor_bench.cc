// The executor's cost per op relative to the bare port: the same generated
// programs (eight of 100 ops, eight of 10,000) run through run_program (model
// and every oracle after every step) and through run_port_only (the port alone).
#include <benchmark/benchmark.h>

#include "executor.h"
#include "gen.h"

namespace {

// Eight generated programs of @steps steps each: one program alone makes the
// ratio a property of that program.
std::vector<lu::Program> programs_of(size_t steps) {
    std::vector<lu::Program> out;
    for (uint64_t seed = 0; seed < 8; seed++) {
        lu::GenConfig cfg;
        cfg.min_steps = cfg.max_steps = steps;
        cfg.fault_percent = 0;
        cfg.kexec_percent = 0;
        lu::SeededChoices c(0x5eed + steps + seed);
        out.push_back(lu::generate(c, cfg));
    }
    return out;
}

int64_t total_steps(const std::vector<lu::Program> &ps) {
    int64_t n = 0;
    for (const auto &p : ps) n += int64_t(p.steps.size());
    return n;
}

void BM_Executor(benchmark::State &state) {
    const auto ps = programs_of(size_t(state.range(0)));
    lu::RunOptions opt;
    for (auto _ : state)
        for (const auto &p : ps) benchmark::DoNotOptimize(lu::run_program(p, opt).ok);
    state.SetItemsProcessed(state.iterations() * total_steps(ps));
}

void BM_PortOnly(benchmark::State &state) {
    const auto ps = programs_of(size_t(state.range(0)));
    for (auto _ : state)
        for (const auto &p : ps) benchmark::DoNotOptimize(lu::run_port_only(p, 0));
    state.SetItemsProcessed(state.iterations() * total_steps(ps));
}

BENCHMARK(BM_Executor)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PortOnly)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);

} // namespace
