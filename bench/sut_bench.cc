// Cost of the port's basic operations on a warm machine: a domain
// preserve + unpreserve pair (the unit of churn), a device pair, creating and
// discarding a machine, and a whole kexec round trip. Worlds are renewed
// every kRenew iterations (outside the timing) because slots are never reused.
#include <benchmark/benchmark.h>

#include <memory>

#include <sut.h>

namespace {

using lu::sut::World;

constexpr int kRenew = 20000;

struct Warm {
    std::unique_ptr<World> w;
    int file = -1, domain = -1, dev = -1;
    void renew() {
        w = std::make_unique<World>();
        file = w->file_open();
        int unit = w->unit_add();
        w->file_preserve(file);
        domain = w->domain_alloc(file);
        w->domain_map(domain, 0, 1);
        dev = w->dev_add(unit, 0, 1);
        w->dev_attach(dev, domain);
    }
};

void BM_DomainPreserveUnpreservePair(benchmark::State &state) {
    Warm m;
    m.renew();
    int n = 0;
    for (auto _ : state) {
        if (++n == kRenew) {
            state.PauseTiming();
            m.renew();
            n = 0;
            state.ResumeTiming();
        }
        benchmark::DoNotOptimize(m.w->domain_preserve(m.domain));
        benchmark::DoNotOptimize(m.w->domain_unpreserve(m.domain));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DomainPreserveUnpreservePair);

void BM_DevicePreserveUnpreservePair(benchmark::State &state) {
    Warm m;
    m.renew();
    m.w->domain_preserve(m.domain);
    int n = 0;
    for (auto _ : state) {
        if (++n == kRenew) {
            state.PauseTiming();
            m.renew();
            m.w->domain_preserve(m.domain);
            n = 0;
            state.ResumeTiming();
        }
        benchmark::DoNotOptimize(m.w->dev_preserve(m.dev));
        benchmark::DoNotOptimize(m.w->dev_unpreserve(m.dev));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DevicePreserveUnpreservePair);

void BM_WorldWithPreservedFile(benchmark::State &state) {
    for (auto _ : state) {
        World w;
        int f = w.file_open();
        benchmark::DoNotOptimize(w.file_preserve(f));
    }
}
BENCHMARK(BM_WorldWithPreservedFile);

void BM_KexecRoundTrip(benchmark::State &state) {
    const int domains = int(state.range(0));
    for (auto _ : state) {
        World w;
        int f = w.file_open(), u = w.unit_add();
        w.file_preserve(f);
        for (int i = 0; i < domains; i++) {
            int d = w.domain_alloc(f);
            w.domain_map(d, uint64_t(i) << 21, 1);
            w.domain_preserve(d);
            int v = w.dev_add(u, 0, i);
            w.dev_attach(v, d);
            w.dev_preserve(v);
        }
        w.kexec();
        w.unit_restore(u);
        for (int v = 0; v < domains; v++) benchmark::DoNotOptimize(w.dev_restore(v));
        w.file_finish(f);
    }
    state.SetItemsProcessed(state.iterations() * domains);
}
BENCHMARK(BM_KexecRoundTrip)->Arg(10)->Arg(200);

} // namespace
