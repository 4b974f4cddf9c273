// Concurrent blocks: each thread of the block runs its steps on the port as
// a fiber under the scheduler; then the block must be linearizable: some
// order of its steps, keeping each thread's order, gives on the model the
// results, fault-site calls and warnings the port gave, and a state that
// passes a full sweep of the oracles. Deadlocks and lock misuse fail it.
#include <algorithm>

#include "lu_text.h"
#include "runner.h"
#include "scheduler.h"

namespace lu::detail {

int block_thread(const Runner &r) { return r.sched->current_task() - 1; }
void sched_point(Runner &r, lu_sched_kind kind, const void *obj) { r.sched->point(kind, obj); }
bool sched_block_on(Runner &r, const void *obj) { return r.sched->block_on(obj); }
void sched_wake(Runner &r, const void *obj) { r.sched->wake(obj); }

namespace {

// A step of the block, or one atomic part of it (see ModelDriver::parts).
struct Unit {
    size_t step;
    int part; // -1: the whole step
};

struct Linearizer {
    const Runner &r;
    size_t begin, end;
    const std::vector<int> &port; // the port's result of each step of the block
    std::vector<std::vector<Unit>> threads;
    unsigned warns = 0; // WARNs the port gave during the block
    size_t tried = 0;
    std::vector<Unit> order, found;
    std::string closest; // why the best candidate failed

    // Every interleaving of the threads' steps, depth first; @accept decides.
    template <typename Accept> bool search(std::vector<size_t> &pos, Accept accept) {
        bool more = false;
        for (size_t t = 0; t < threads.size(); t++) {
            if (pos[t] == threads[t].size()) continue;
            more = true;
            order.push_back(threads[t][pos[t]++]);
            const bool ok = search(pos, accept);
            pos[t]--;
            order.pop_back();
            if (ok) return true;
        }
        return !more && accept();
    }
};

std::string order_text(const Program &p, const std::vector<Unit> &order) {
    std::string out;
    for (const Unit &u : order)
        out += (out.empty() ? "t" : " t") + std::to_string(p.steps[u.step].thread - 1) +
               (u.part > 0 ? "'" : "");
    return out;
}

} // namespace

bool Runner::run_block(size_t b, size_t begin, size_t end) {
    int nthreads = 0;
    for (size_t k = begin; k < end; k++) nthreads = std::max(nthreads, int(p.steps[k].thread));
    std::vector<std::vector<size_t>> per(static_cast<size_t>(nthreads));
    for (size_t k = begin; k < end; k++) per[p.steps[k].thread - 1].push_back(k);

    SchedConfig cfg;
    if (b < p.schedules.size() && !p.schedules[b].empty()) {
        cfg.strategy = Strategy::replay;
        cfg.replay = p.schedules[b];
    } else if (opt.strategy == "pct") {
        cfg.strategy = Strategy::pct;
        cfg.pct_depth = opt.pct_depth;
    } else if (opt.strategy == "none") {
        cfg.strategy = Strategy::chooser;
        cfg.chooser = [](const std::vector<int> &runnable, int current, lu_sched_kind,
                         const void *) {
            auto it = std::find(runnable.begin(), runnable.end(), current);
            return it == runnable.end() ? size_t(0) : size_t(it - runnable.begin());
        };
    } else {
        cfg.strategy = Strategy::random;
    }
    cfg.seed = opt.sched_seed ^ (uint64_t(b) * 0x9e3779b97f4a7c15ull);

    std::array<unsigned, LU_NR_EVENT_KINDS> ev_before{};
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++) ev_before[k] = w.events_of(lu_event_kind(k));
    std::vector<int> port(end - begin, 0);
    block_calls.assign(end - begin, {});
    block_begin = begin;
    thread_step.assign(size_t(nthreads), begin);
    Scheduler scheduler(cfg);
    sched = &scheduler;
    fired = {};
    const SchedResult res = scheduler.run(nthreads, [&](int t) {
        for (size_t k : per[size_t(t)]) {
            thread_step[size_t(t)] = k;
            port[k - begin] = port_step(w, p.steps[k], handles);
        }
    });
    sched = nullptr;
    v.schedules.push_back(res.schedule);
    v.preemptions += res.preemptions;
    for (size_t k = begin; k < end; k++)
        for (int s = 0; s < LU_NR_SITES; s++) v.site_calls[s] += block_calls[k - begin][s];
    if (opt.trace) {
        for (size_t k = begin; k < end; k++)
            v.trace.push_back(std::to_string(k) + ": t" + std::to_string(p.steps[k].thread - 1) +
                              ": " + print_step(p.steps[k], -1) + "  -> port " +
                              sut::errno_name(port[k - begin]));
        v.trace.push_back("   schedule of this block: " + std::to_string(res.schedule.size()) +
                          " choices, " + std::to_string(res.preemptions) + " preemption(s)");
    }
    v.steps_run = end;

    auto events_since = [&](int kind) {
        return w.events_of(lu_event_kind(kind)) - ev_before[kind];
    };
    auto messages = [&](int kind) {
        std::string out;
        for (const auto &e : w.events())
            if (e.kind == kind) out += (out.empty() ? "" : "; ") + e.msg;
        return out;
    };
    if (res.deadlock)
        return failed(begin, "deadlock", "no thread can run: " + messages(LU_EV_lock));
    if (w.dead()) {
        for (int k = 0; k < LU_NR_EVENT_KINDS; k++)
            if (lu_event_is_fatal(lu_event_kind(k)) && events_since(k))
                return failed(begin, std::string("fatal-") + lu_event_kind_name(lu_event_kind(k)),
                              messages(k));
        return failed(begin, "fatal", "the port died in a concurrent block");
    }
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++)
        if (k != LU_EV_warn && events_since(k))
            return failed(begin, std::string("event-") + lu_event_kind_name(lu_event_kind(k)),
                          messages(k));

    std::vector<std::vector<Unit>> units(per.size());
    for (size_t t = 0; t < per.size(); t++)
        for (size_t k : per[t]) {
            const int n = ModelDriver::parts(p.steps[k]);
            for (int part = 0; part < n; part++) units[t].push_back({k, n > 1 ? part : -1});
        }
    Linearizer lin{*this, begin, end, port, units, 0, 0, {}, {}, {}};
    lin.warns = events_since(LU_EV_warn);
    std::vector<size_t> pos(per.size(), 0);
    ModelDriver before = md;
    const bool ok = lin.search(pos, [&] {
        if (++lin.tried > 20000) return false;
        ModelDriver cand = before;
        unsigned warns = 0;
        // Per step: the result (the first part that fails decides) and calls.
        std::vector<int> ret(end - begin, 0);
        std::vector<bool> stopped(end - begin, false);
        std::vector<std::array<uint32_t, LU_NR_SITES>> calls(end - begin);
        for (const Unit &u : lin.order) {
            const size_t i = u.step - begin;
            if (stopped[i]) continue;
            plan.begin_step(&p.steps[u.step].faults);
            const Prediction pr = cand.apply(p.steps[u.step], &plan, u.part);
            if (pr.panic) return false;
            for (int s = 0; s < LU_NR_SITES; s++) calls[i][s] += pr.fx.calls[s];
            warns += unsigned(pr.fx.warns);
            ret[i] = pr.ret;
            stopped[i] = pr.ret != 0;
        }
        for (size_t k = begin; k < end; k++) {
            if (ret[k - begin] == port[k - begin] && calls[k - begin] == block_calls[k - begin])
                continue;
            if (lin.closest.empty())
                lin.closest = "step " + std::to_string(k) + ": " + print_step(p.steps[k], -1) +
                              ": the port gave " + sut::errno_name(port[k - begin]) +
                              ", the model " + sut::errno_name(ret[k - begin]) + " in order " +
                              order_text(p, lin.order);
            return false;
        }
        if (warns != lin.warns) return false;
        std::swap(md, cand);
        if (auto f = check_state(Step{}, Prediction{}, true)) {
            lin.closest = "order " + order_text(p, lin.order) + " gives the results, but " +
                          f->kind + ": " + f->detail;
            std::swap(md, cand);
            return false;
        }
        lin.found = lin.order;
        return true;
    });
    for (size_t k = begin; k < end; k++)
        plan.end_step_of(&p.steps[k].faults, block_calls[k - begin]);
    if (!ok)
        return failed(begin, "linearizability",
                      "no order of the block's steps explains what the port did (" +
                          std::to_string(lin.tried) + " tried); closest: " + lin.closest);
    if (opt.trace) v.trace.push_back("   linearized as: " + order_text(p, lin.found));
    return true;
}

} // namespace lu::detail
