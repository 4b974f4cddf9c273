// Recording a run into its Timeline: each hook call of the port becomes an
// event on the lane of the thread that made it. Points, waits, wake-ups,
// reports and step boundaries each take a new tick; resumptions and fault-site
// calls take the tick of the decision that let the thread run.
#include "timeline_rec.h"

#include <algorithm>

#include "lu_text.h"
#include "runner.h"

namespace lu::detail {
namespace {

int lane_of(const Runner &r) { return r.sched ? block_thread(r) + 1 : 0; }

int step_of(const Runner &r, int lane) {
    return lane ? int(r.thread_step[size_t(lane - 1)]) : r.opt.timeline->seq_step;
}

// The Program's handle behind a port handle of @kind, or -1.
int program_handle(const Runner &r, Arg kind, int port) {
    const auto &h = r.handles[size_t(handle_kind_index(kind))];
    for (size_t j = 0; j < h.size(); j++)
        if (h[j] == port) return int(j);
    return -1;
}

// A readable name for a mutex: the object it belongs to, or what the port's
// mutex_init() call names.
std::string lock_label(const Runner &r, const void *obj) {
    const sut::LockInfo info = r.w.lock_info(obj);
    if (info.name.empty()) return "mutex";
    auto owned = [&](Arg kind, const char *what) {
        const int j = program_handle(r, kind, info.owner);
        return j < 0 ? std::string(what) : handle_name(kind, uint64_t(j)) + " " + what;
    };
    switch (info.owner_kind) {
    case 's':
        return "LUO session";
    case 'f':
        return "file " + owned(Arg::file, "ctx");
    case 'u':
        return owned(Arg::unit, "probe");
    case 'v':
        return owned(Arg::dev, "probe");
    }
    static const std::pair<const char *, const char *> known[] = {
        {"&obj->lock", "FLB lock"},
        {"&st->out.lock", "LUO FLB out"},
        {"&st->in.lock", "LUO FLB in"},
    };
    for (const auto &[name, label] : known)
        if (info.name == name) return label;
    return info.name;
}

int object_id(Runner &r, lu_sched_kind kind, const void *obj) {
    Timeline &t = *r.opt.timeline;
    if (kind != LU_SCHED_lock && kind != LU_SCHED_unlock) return -1;
    const std::string label = lock_label(r, obj);
    auto [it, fresh] = t.object_ids.try_emplace({obj, label}, int(t.objects.size()));
    if (fresh) {
        // Two live objects of one name (a lock freed and made anew): number them.
        int same = 0;
        for (const std::string &o : t.objects)
            if (o == label || o.starts_with(label + " #")) same++;
        t.objects.push_back(same ? label + " #" + std::to_string(same + 1) : label);
    }
    return it->second;
}

TlEvent &add(Runner &r, TlEv ev, bool new_tick) {
    Timeline &t = *r.opt.timeline;
    TlEvent &e = t.events.emplace_back();
    e.tick = new_tick ? ++t.ticks : t.ticks;
    e.ev = ev;
    e.lane = lane_of(r);
    e.step = step_of(r, e.lane);
    return e;
}

void fill_texts(Timeline &t, const Program &p) {
    if (t.steps.size() == p.steps.size()) return;
    t.steps.resize(p.steps.size());
    for (size_t i = 0; i < p.steps.size(); i++) {
        t.steps[i].text = print_step(p.steps[i], -1);
        t.steps[i].lane = p.steps[i].thread;
    }
}

} // namespace

void tl_step_begin(Runner &r, size_t step) {
    Timeline &t = *r.opt.timeline;
    fill_texts(t, r.p);
    const Step &s = r.p.steps[step];
    const int kind = handle_kind_index(op_info(s.op).creates);
    TlStep &ts = t.steps[step];
    ts.text = print_step(s, kind >= 0 ? int(r.handles[size_t(kind)].size()) : -1);
    ts.lane = lane_of(r);
    ts.ran = true;
    ts.begin = ++t.ticks;
    if (ts.lane == 0) t.seq_step = int(step);
    t.threads = std::max(t.threads, ts.lane);
}

void tl_step_end(Runner &r, size_t step, int ret) {
    Timeline &t = *r.opt.timeline;
    t.steps[step].end = ++t.ticks;
    t.steps[step].ret = ret;
    if (ret != sut::kFatal || !r.w.dead() || t.killed) return;
    // The world died: its last report of a fatal kind is what killed it.
    t.killed = true;
    for (auto e = t.events.rbegin(); e != t.events.rend(); ++e) {
        if (e->ev != TlEv::report || !lu_event_is_fatal(lu_event_kind(e->sub))) continue;
        e->value = 1;
        break;
    }
}

void tl_point(Runner &r, lu_sched_kind kind, const void *obj) {
    const int id = object_id(r, kind, obj);
    TlEvent &e = add(r, TlEv::point, true);
    e.sub = uint8_t(kind);
    e.obj = id;
}

void tl_resume(Runner &r, bool woken) { add(r, TlEv::resume, false).value = woken; }

void tl_block(Runner &r, const void *obj) {
    const int id = object_id(r, LU_SCHED_lock, obj);
    add(r, TlEv::block, true).obj = id;
}

void tl_wake(Runner &r, const void *obj) {
    const int id = object_id(r, LU_SCHED_unlock, obj);
    add(r, TlEv::wake, true).obj = id;
}

void tl_site(Runner &r, lu_site site, uint32_t nth, bool failed) {
    TlEvent &e = add(r, failed ? TlEv::fault : TlEv::site_call, false);
    e.sub = uint8_t(site);
    e.value = nth;
}

void tl_report(Runner &r, lu_event_kind kind, const char *msg) {
    TlEvent &e = add(r, TlEv::report, true);
    e.sub = uint8_t(kind);
    e.text = msg ? msg : "";
}

void tl_finish(Timeline &t, const Program &p, const Verdict &v) {
    fill_texts(t, p);
    t.ok = v.ok;
    t.ended_by_panic = v.ended_by_panic;
    t.fail_step = v.ok ? -1 : v.step;
    t.signature = v.signature;
    t.detail = v.detail;
    t.end_tick = ++t.ticks;
    if (v.ok || v.step < 0 || size_t(v.step) >= p.steps.size()) return;
    if (p.steps[size_t(v.step)].thread == 0) {
        t.failing_steps = {v.step};
        return;
    }
    // A block fails as a whole: mark the step whose report killed the port,
    // else all of its steps.
    for (const auto &[begin, end] : concurrent_blocks(p)) {
        if (size_t(v.step) < begin || size_t(v.step) >= end) continue;
        for (const TlEvent &e : t.events)
            if (e.ev == TlEv::report && e.value == 1 && size_t(e.step) >= begin &&
                size_t(e.step) < end &&
                std::find(t.failing_steps.begin(), t.failing_steps.end(), e.step) ==
                    t.failing_steps.end())
                t.failing_steps.push_back(e.step);
        if (t.failing_steps.empty())
            for (size_t k = begin; k < end; k++) t.failing_steps.push_back(int(k));
    }
}

} // namespace lu::detail
