// Concurrent blocks: each thread of the block runs its steps on the port as
// a fiber under the scheduler; then the block must be linearizable: some
// order of its steps, keeping each thread's order, gives on the model the
// results, fault-site calls and warnings the port gave, and a state that
// passes a full sweep of the oracles. Deadlocks and lock misuse fail it.
#include <algorithm>
#include <set>
#include <unordered_set>

#include "lu_text.h"
#include "runner.h"
#include "scheduler.h"
#include "timeline_rec.h"

namespace lu::detail {

int block_thread(const Runner &r) { return r.sched->current_task() - 1; }
void sched_point(Runner &r, lu_sched_kind kind, const void *obj) { r.sched->point(kind, obj); }
bool sched_block_on(Runner &r, const void *obj) { return r.sched->block_on(obj); }
void sched_wake(Runner &r, const void *obj) { r.sched->wake(obj); }

namespace {

// A step of the block, or one atomic part of it (see ModelDriver::part_ranges).
struct Unit {
    size_t step;
    int part; // -1: the whole step
    int last; // the last model part the unit covers
};

// Depth-first search for a linearization: each level applies one unit to a
// copy of the model state and prunes as soon as a step it completes gives a
// result or fault-site calls the port did not.
struct Linearizer {
    Runner &r;
    size_t begin, end;
    const std::vector<int> &port; // the port's result of each step of the block
    std::vector<std::vector<Unit>> threads;
    unsigned warns = 0; // WARNs the port gave during the block
    size_t nodes = 0, leaves = 0;
    std::vector<Unit> order, found;
    std::string closest; // why the deepest candidate failed
    size_t closest_depth = 0;
    // When set (blocks where a finish races restores, split finely), the
    // prefixes already searched, by where each thread is and what the model
    // and the results are then: another order reaching one of them is cut.
    bool memo = false;
    std::unordered_set<uint64_t> seen;
    // The oracles that failed in orders that gave every result: when it is
    // always the same one, the block failed that oracle, not linearizability.
    std::set<std::string> leaf_kinds;
    std::string leaf_detail;

    struct Level {
        ModelDriver md;
        std::vector<int> ret;
        std::vector<bool> stopped;
        std::vector<std::array<uint32_t, LU_NR_SITES>> calls;
        unsigned warns = 0;
    };

    bool search(std::vector<size_t> &pos, const Level &at);
    bool accept(Level &leaf);
};

std::string order_text(const Program &p, const std::vector<Unit> &order) {
    std::string out;
    for (const Unit &u : order)
        out += (out.empty() ? "t" : " t") + std::to_string(p.steps[u.step].thread - 1) +
               (u.part > 0 ? "'" : "");
    return out;
}

// How a step's outcome in the port differs from the model's: the result, or
// else the first fault site whose calls differ.
std::string mismatch(int port, int model, const std::array<uint32_t, LU_NR_SITES> &port_calls,
                     const std::array<uint32_t, LU_NR_SITES> &model_calls) {
    if (port != model)
        return "the port gave " + sut::errno_name(port) + ", the model " + sut::errno_name(model);
    for (int k = 0; k < LU_NR_SITES; k++)
        if (port_calls[k] != model_calls[k])
            return "both gave " + sut::errno_name(port) + ", but the port made " +
                   std::to_string(port_calls[k]) + " call(s) of " + lu_site_name(lu_site(k)) +
                   ", the model " + std::to_string(model_calls[k]);
    return "both gave " + sut::errno_name(port);
}

bool Linearizer::search(std::vector<size_t> &pos, const Level &at) {
    if (++nodes > r.opt.linearize_budget) return false;
    if (memo) {
        uint64_t h = at.md.model().incoming_digest() ^ at.warns;
        auto mix = [&h](uint64_t v) { h = (h ^ v) * 0x100000001b3ull; };
        for (size_t p : pos) mix(p);
        for (size_t i = 0; i < at.ret.size(); i++) {
            mix(uint64_t(int64_t(at.ret[i]))), mix(at.stopped[i]);
            for (uint32_t c : at.calls[i]) mix(c);
        }
        if (!seen.insert(h).second) return false;
    }
    bool more = false;
    for (size_t t = 0; t < threads.size(); t++) {
        if (pos[t] == threads[t].size()) continue;
        more = true;
        const Unit u = threads[t][pos[t]];
        const size_t i = u.step - begin;
        Level next = at;
        if (!next.stopped[i]) {
            r.plan.begin_step(&r.p.steps[u.step].faults);
            const Prediction pr = next.md.apply(r.p.steps[u.step], &r.plan, u.part, u.last);
            if (pr.panic) continue;
            for (int s = 0; s < LU_NR_SITES; s++) next.calls[i][s] += pr.fx.calls[s];
            next.warns += unsigned(pr.fx.warns);
            next.ret[i] = pr.ret;
            next.stopped[i] = pr.ret != 0;
        }
        order.push_back(u);
        // The step is complete when its last unit ran or one of its parts failed.
        const bool last = pos[t] + 1 == threads[t].size() || threads[t][pos[t] + 1].step != u.step;
        if ((last || next.stopped[i]) &&
            (next.ret[i] != port[i] || next.calls[i] != r.block_calls[i])) {
            if (order.size() >= closest_depth) {
                closest_depth = order.size();
                closest = "step " + std::to_string(u.step) + ": " +
                          print_step(r.p.steps[u.step], -1) + ": " +
                          mismatch(port[i], next.ret[i], r.block_calls[i], next.calls[i]) +
                          " after " + order_text(r.p, order);
            }
            order.pop_back();
            continue;
        }
        pos[t]++;
        const bool ok = search(pos, next);
        pos[t]--;
        order.pop_back();
        if (ok) return true;
    }
    if (more) return false;
    Level leaf = at;
    return accept(leaf);
}

// Every step matched: the warnings and the full state must match too.
bool Linearizer::accept(Level &leaf) {
    leaves++;
    if (leaf.warns != warns) {
        leaf_detail = "the port WARNed " + std::to_string(warns) + " time(s) in the block, the " +
                      "model " + std::to_string(leaf.warns);
        leaf_kinds.insert("event-warn");
        closest = "order " + order_text(r.p, order) + " gives the results, but " + leaf_detail;
        closest_depth = SIZE_MAX;
        return false;
    }
    std::swap(r.md, leaf.md);
    if (auto f = r.check_state(Step{}, Prediction{}, true)) {
        leaf_detail = f->detail;
        leaf_kinds.insert(f->kind);
        closest = "order " + order_text(r.p, order) + " gives the results, but " + f->kind + ": " +
                  f->detail;
        closest_depth = SIZE_MAX;
        std::swap(r.md, leaf.md);
        return false;
    }
    found = order;
    return true;
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
    } else if (opt.chooser) {
        cfg.strategy = Strategy::chooser;
        cfg.chooser = [this](const std::vector<int> &runnable, int current, lu_sched_kind kind,
                             const void *obj) {
            return opt.chooser(runnable, current, uint8_t(kind), obj);
        };
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
    // The step that killed the port: the op that dies unwinds at once, so it
    // is the first to come back from a dead world.
    size_t killer = begin;
    bool was_dead = w.dead();
    const SchedResult res = scheduler.run(nthreads, [&](int t) {
        for (size_t k : per[size_t(t)]) {
            thread_step[size_t(t)] = k;
            if (opt.timeline) tl_step_begin(*this, k);
            port[k - begin] = port_step(w, p.steps[k], handles);
            if (opt.timeline) tl_step_end(*this, k, port[k - begin]);
            if (!was_dead && w.dead()) killer = k, was_dead = true;
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
    if (w.dead()) {
        // A panic the model predicts for the step that died ends the run as
        // the sequential executor ends it: run alone from the block's start,
        // or after the steps that completed (each thread's in its order).
        if (events_since(LU_EV_panic) || events_since(LU_EV_bug)) {
            for (bool after_others : {false, true}) {
                ModelDriver m = md;
                for (size_t k = begin; k < end && after_others; k++) {
                    if (k == killer || port[k - begin] == sut::kFatal) continue;
                    plan.begin_step(&p.steps[k].faults);
                    if (m.apply(p.steps[k], &plan).panic) break;
                }
                plan.begin_step(&p.steps[killer].faults);
                if (m.apply(p.steps[killer], &plan).panic) {
                    v.ended_by_panic = true;
                    return false;
                }
            }
        }
        for (int k = 0; k < LU_NR_EVENT_KINDS; k++)
            if (lu_event_is_fatal(lu_event_kind(k)) && events_since(k))
                return failed(killer, std::string("fatal-") + lu_event_kind_name(lu_event_kind(k)),
                              messages(k));
        return failed(killer, "fatal", "the port died in a concurrent block");
    }
    // Threads left waiting on a lock the dying one held are part of its death.
    if (res.deadlock)
        return failed(begin, "deadlock", "no thread can run: " + messages(LU_EV_lock));
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++)
        if (k != LU_EV_warn && events_since(k))
            return failed(begin, std::string("event-") + lu_event_kind_name(lu_event_kind(k)),
                          messages(k));

    bool finish_races = false;
    for (size_t k = begin; k < end; k++) finish_races |= p.steps[k].op == Op::file_finish;
    std::vector<std::vector<Unit>> units(per.size());
    for (size_t t = 0; t < per.size(); t++)
        for (size_t k : per[t])
            for (const auto &[first, last] : ModelDriver::part_ranges(p.steps[k], finish_races))
                units[t].push_back({k, first, last});
    Linearizer lin{*this, begin, end, port, units, 0, 0, 0, {}, {}, {}, 0, false, {}};
    lin.warns = events_since(LU_EV_warn);
    lin.memo = finish_races;
    std::vector<size_t> pos(per.size(), 0);
    Linearizer::Level root{md, std::vector<int>(end - begin, 0),
                           std::vector<bool>(end - begin, false),
                           std::vector<std::array<uint32_t, LU_NR_SITES>>(end - begin), 0};
    const bool ok = lin.search(pos, root);
    for (size_t k = begin; k < end; k++)
        plan.end_step_of(&p.steps[k].faults, block_calls[k - begin]);
    if (!ok && lin.nodes > opt.linearize_budget) {
        v.inconclusive = true;
        v.step = int(begin);
        v.op = op_info(p.steps[begin].op).name;
        v.detail = "the linearizability search of the block at step " + std::to_string(begin) +
                   " ran out of its budget (" + std::to_string(opt.linearize_budget) +
                   " prefixes) before it found an order or tried them all";
        return false;
    }
    if (!ok && lin.leaf_kinds.size() == 1)
        return failed(begin, *lin.leaf_kinds.begin(),
                      "after the block, in each of the " + std::to_string(lin.leaves) +
                          " order(s) that give its results: " + lin.leaf_detail);
    if (!ok)
        return failed(begin, "linearizability",
                      "no order of the block's steps explains what the port did (" +
                          std::to_string(lin.nodes) + " prefixes, " + std::to_string(lin.leaves) +
                          " full orders tried); closest: " + lin.closest);
    if (opt.trace) v.trace.push_back("   linearized as: " + order_text(p, lin.found));
    return true;
}

} // namespace lu::detail
