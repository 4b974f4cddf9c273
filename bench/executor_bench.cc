// The executor's cost per op relative to the bare port: the same generated
// programs (100 and 10,000 ops) run through run_program (model + every
// oracle after every step) and through run_port_only (the port alone).
#include <benchmark/benchmark.h>

#include "executor.h"
#include "gen.h"

namespace {

lu::Program program_of(size_t steps, unsigned faults) {
    lu::GenConfig cfg;
    cfg.min_steps = cfg.max_steps = steps;
    cfg.fault_percent = faults;
    cfg.kexec_percent = 0;
    lu::SeededChoices c(0x5eed + steps);
    return lu::generate(c, cfg);
}

void BM_Executor(benchmark::State &state) {
    const lu::Program p = program_of(size_t(state.range(0)), 0);
    lu::RunOptions opt;
    for (auto _ : state) benchmark::DoNotOptimize(lu::run_program(p, opt).ok);
    state.SetItemsProcessed(state.iterations() * int64_t(p.steps.size()));
}

void BM_PortOnly(benchmark::State &state) {
    const lu::Program p = program_of(size_t(state.range(0)), 0);
    for (auto _ : state) benchmark::DoNotOptimize(lu::run_port_only(p, 0));
    state.SetItemsProcessed(state.iterations() * int64_t(p.steps.size()));
}

BENCHMARK(BM_Executor)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PortOnly)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);

} // namespace
