// Exhaustive exploration rate and the fuzzer's decode cost. Exploration: the
// 2-thread x 2-op block of a small program, explored completely with sleep
// sets (schedules per second). Decode: generated programs encoded to the
// fuzzer's bytes and decoded again, against running the same programs.
#include <benchmark/benchmark.h>

#include "executor.h"
#include "explore.h"
#include "gen.h"
#include "lu_text.h"
#include "program_bytes.h"

namespace {

// Two domains of two files preserved and unpreserved by two threads at once.
const char *kBlock = R"(# lu-repro v1
f0 = file_open()
f1 = file_open()
file_preserve(f0)
d0 = domain_alloc(f0)
d1 = domain_alloc(f1)
concurrent {
  t0: domain_preserve(d0)
  t0: domain_unpreserve(d0)
  t1: domain_preserve(d1)
  t1: domain_unpreserve(d1)
}
)";

void BM_ExploreBlock(benchmark::State &state) {
    const lu::Program p = *lu::parse(kBlock, "bench").program;
    lu::ExploreOptions eo;
    eo.reduce = state.range(0) != 0;
    int64_t schedules = 0;
    for (auto _ : state) {
        const lu::ExploreResult r = lu::explore(p, lu::RunOptions{}, eo);
        schedules += int64_t(r.explored);
        benchmark::DoNotOptimize(r.failed);
    }
    state.counters["schedules"] = double(schedules) / double(state.iterations());
    state.counters["schedules_per_s"] = benchmark::Counter(double(schedules), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExploreBlock)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

std::vector<std::vector<uint8_t>> encoded_programs() {
    std::vector<std::vector<uint8_t>> out;
    lu::GenConfig cfg;
    cfg.block_percent = 10;
    for (uint64_t seed = 0; seed < 64; seed++) {
        lu::SeededChoices c(0xdec0de + seed);
        out.push_back(lu::encode_program(lu::generate(c, cfg)));
    }
    return out;
}

void BM_DecodeProgram(benchmark::State &state) {
    const auto inputs = encoded_programs();
    for (auto _ : state)
        for (const auto &b : inputs) benchmark::DoNotOptimize(lu::decode_program(b).steps.size());
    state.SetItemsProcessed(state.iterations() * int64_t(inputs.size()));
}
BENCHMARK(BM_DecodeProgram)->Unit(benchmark::kMicrosecond);

void BM_DecodeAndRun(benchmark::State &state) {
    const auto inputs = encoded_programs();
    lu::RunOptions opt;
    for (auto _ : state)
        for (const auto &b : inputs) benchmark::DoNotOptimize(lu::run_program(lu::decode_program(b), opt).ok);
    state.SetItemsProcessed(state.iterations() * int64_t(inputs.size()));
}
BENCHMARK(BM_DecodeAndRun)->Unit(benchmark::kMicrosecond);

} // namespace
