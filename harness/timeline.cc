// What a Timeline's events add up to, lane by lane: the spans a mutex was
// held (from the resumption that took it to its release), waited for (from
// the block to the resumption after the wake-up), and the spans a thread sat
// preempted at a point while others ran.
#include "timeline.h"

#include <algorithm>
#include <map>

#include <lu/hooks.h>

namespace lu {
namespace {

struct LaneState {
    int pending_lock = -1; // a lock point not yet resumed from
    int64_t preempt_from = -1;
    // A resumption that takes this mutex unless the thread blocks on it next.
    int cand_obj = -1;
    uint32_t cand_tick = 0;
    int cand_step = -1;
    std::map<int, std::pair<uint32_t, int>> holds; // obj -> (from, step)
    int wait_obj = -1;
    uint32_t wait_from = 0;
    int wait_step = -1;
};

} // namespace

std::vector<TlSpan> timeline_spans(const Timeline &t) {
    std::vector<TlSpan> out;
    std::vector<LaneState> lanes(size_t(t.threads) + 1);
    auto span = [&](TlSpan::Kind k, int lane, int obj, int step, uint32_t from, uint32_t to) {
        out.push_back({k, lane, obj, step, from, std::max(from, to)});
    };
    auto release = [&](LaneState &ls, int lane, int obj, uint32_t tick) {
        auto it = ls.holds.find(obj);
        if (it == ls.holds.end()) return;
        span(TlSpan::Kind::hold, lane, obj, it->second.second, it->second.first, tick);
        ls.holds.erase(it);
    };
    for (const TlEvent &e : t.events) {
        if (e.lane < 0 || size_t(e.lane) >= lanes.size()) continue;
        LaneState &ls = lanes[size_t(e.lane)];
        if (ls.cand_obj >= 0) {
            if (!(e.ev == TlEv::block && e.obj == ls.cand_obj))
                ls.holds[ls.cand_obj] = {ls.cand_tick, ls.cand_step};
            ls.cand_obj = -1;
        }
        switch (e.ev) {
        case TlEv::point:
            ls.preempt_from = e.tick;
            if (e.sub == LU_SCHED_lock) ls.pending_lock = e.obj;
            if (e.sub == LU_SCHED_unlock) release(ls, e.lane, e.obj, e.tick);
            break;
        case TlEv::resume:
            if (ls.preempt_from >= 0 && e.tick > ls.preempt_from)
                span(TlSpan::Kind::preempted, e.lane, -1, e.step, uint32_t(ls.preempt_from),
                     e.tick);
            ls.preempt_from = -1;
            if (ls.wait_obj >= 0) {
                span(TlSpan::Kind::wait, e.lane, ls.wait_obj, ls.wait_step, ls.wait_from, e.tick);
                if (e.value) ls.cand_obj = ls.wait_obj;
                ls.wait_obj = -1;
            } else if (ls.pending_lock >= 0) {
                ls.cand_obj = ls.pending_lock;
            }
            ls.cand_tick = e.tick;
            ls.cand_step = e.step;
            ls.pending_lock = -1;
            break;
        case TlEv::block:
            ls.wait_obj = e.obj;
            ls.wait_from = e.tick;
            ls.wait_step = e.step;
            break;
        case TlEv::wake:
            release(ls, e.lane, e.obj, e.tick);
            break;
        default:
            break;
        }
    }
    // What is still open ended with its step (the thread unwound) or the run.
    auto end_of = [&](int step) {
        if (step >= 0 && size_t(step) < t.steps.size() && t.steps[size_t(step)].ran)
            return t.steps[size_t(step)].end;
        return t.end_tick;
    };
    for (size_t lane = 0; lane < lanes.size(); lane++) {
        LaneState &ls = lanes[lane];
        for (const auto &[obj, at] : ls.holds)
            span(TlSpan::Kind::hold, int(lane), obj, at.second, at.first, end_of(at.second));
        if (ls.wait_obj >= 0)
            span(TlSpan::Kind::wait, int(lane), ls.wait_obj, ls.wait_step, ls.wait_from,
                 end_of(ls.wait_step));
    }
    return out;
}

} // namespace lu
