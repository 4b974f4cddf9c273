// The executor's run loop (see executor.h): each step runs on the port, then
// on the model (through ModelDriver), with one fault plan asked by both; then
// come the checks, in order: fatal events, results, fault-site calls, other
// kernel events, state invariants, the kexec round trip, translations.
#include "executor.h"

#include <cctype>
#include <set>

#include <model.h>
#include <sut.h>

#include "lu_text.h"
#include "runner.h"
#include "timeline_rec.h"

namespace lu {
namespace detail {
namespace {

std::string calls_text(const std::array<uint32_t, LU_NR_SITES> &calls) {
    std::string out;
    for (int s = 0; s < LU_NR_SITES; s++)
        if (calls[s])
            out += (out.empty() ? "" : ", ") + std::string(lu_site_name(lu_site(s))) + " x" +
                   std::to_string(calls[s]);
    return out;
}

std::string last_message(const sut::World &w, int kind) {
    std::string msg;
    for (const auto &e : w.events())
        if (e.kind == kind) msg = e.msg;
    return msg;
}

} // namespace

int port_step(sut::World &w, const Step &s,
              const std::array<std::vector<int>, kNumHandleKinds> &handles) {
    const std::array<int, 3> a = resolve_handles(s, handles);
    const uint64_t x = s.args[1], y = s.args[2];
    switch (s.op) {
    case Op::file_open:
        return w.file_open();
    case Op::unit_add:
        return w.unit_add();
    case Op::dev_add:
        return w.dev_add(a[0], 0, int(x));
    case Op::domain_alloc:
        return w.domain_alloc(a[0], true);
    case Op::domain_alloc_nolu:
        return w.domain_alloc(a[0], false);
    case Op::domain_map:
        return w.domain_map(a[0], x, y);
    case Op::domain_free:
        return w.domain_free(a[0]);
    case Op::dev_attach:
        return w.dev_attach(a[0], a[1]);
    case Op::domain_preserve:
        return w.domain_preserve(a[0]);
    case Op::domain_unpreserve:
        return w.domain_unpreserve(a[0]);
    case Op::dev_preserve:
        return w.dev_preserve(a[0]);
    case Op::dev_unpreserve:
        return w.dev_unpreserve(a[0]);
    case Op::domain_churn:
        return w.domain_churn(a[0], x);
    case Op::dev_churn:
        return w.dev_churn(a[0], x);
    case Op::file_preserve:
        return w.file_preserve(a[0]);
    case Op::file_unpreserve:
        return w.file_unpreserve(a[0]);
    case Op::kexec:
        return w.kexec();
    case Op::unit_restore:
        return w.unit_restore(a[0]);
    case Op::dev_restore:
        return w.dev_restore(a[0]);
    case Op::file_retrieve:
        return w.file_retrieve(a[0]);
    case Op::file_finish:
        return w.file_finish(a[0]);
    }
    return -EINVAL;
}

Runner::Runner(const Program &prog, const RunOptions &o)
    : p(prog), opt(o), w(o.bugs), md((w.bugs() >> LU_BUG_luo_gen_a) & 1) {
    lu_hooks h{};
    h.ctx = this;
    h.should_fail = [](void *ctx, lu_site site, unsigned long nth) {
        auto *r = static_cast<Runner *>(ctx);
        bool f;
        uint32_t local;
        if (r->sched) {
            // In a block: count within the step the running thread is on.
            const size_t k = r->thread_step[size_t(block_thread(*r))];
            local = ++r->block_calls[k - r->block_begin][site];
            f = r->plan.decide_for(&r->p.steps[k].faults, site, local);
        } else {
            local = uint32_t(nth - r->base[site]);
            f = r->plan.decide(site, local);
        }
        if (f) r->fired[site]++;
        if (r->opt.timeline) tl_site(*r, site, local, f);
        return f;
    };
    h.sched_point = [](void *ctx, lu_sched_kind kind, const void *obj) {
        auto *r = static_cast<Runner *>(ctx);
        if (!r->sched) return;
        if (r->opt.timeline) tl_point(*r, kind, obj);
        sched_point(*r, kind, obj);
        if (r->opt.timeline) tl_resume(*r);
    };
    h.block_on = [](void *ctx, const void *obj) {
        auto *r = static_cast<Runner *>(ctx);
        if (!r->sched) return false;
        if (r->opt.timeline) tl_block(*r, obj);
        const bool woken = sched_block_on(*r, obj);
        if (r->opt.timeline) tl_resume(*r, woken);
        return woken;
    };
    h.wake = [](void *ctx, const void *obj) {
        auto *r = static_cast<Runner *>(ctx);
        if (!r->sched) return;
        if (r->opt.timeline) tl_wake(*r, obj);
        sched_wake(*r, obj);
    };
    h.current_task = [](void *ctx) {
        auto *r = static_cast<Runner *>(ctx);
        return r->sched ? block_thread(*r) + 1 : 1;
    };
    if (o.timeline)
        h.report = [](void *ctx, lu_event_kind kind, const char *msg) {
            tl_report(*static_cast<Runner *>(ctx), kind, msg);
        };
    w.set_hooks(h);
}

bool Runner::failed(size_t i, const std::string &kind, std::string detail, const char *site) {
    v.ok = false;
    v.kind = kind;
    v.step = int(i);
    v.op = i < p.steps.size() ? std::string(op_info(p.steps[i].op).name) : "end";
    v.site = site ? site : "";
    v.detail = std::move(detail);
    v.signature = v.kind + ":" + v.op + (site ? std::string(":") + site : "");
    return false;
}

// The state checks after a step: everything when @full, else what the
// step touched (the model's list) and the step's own objects.
std::optional<Finding> Runner::check_state(const Step &s, const Prediction &want, bool full) {
    const model::Model &m = md.model();
    oracles.refresh(m, w);
    if (auto f = oracles.flb_and_ledger(m, w)) return f;
    if (auto f = oracles.held(m, w)) return f;
    unsigned touched = 0;
    for (const model::SlotRef &t : want.fx.touched) touched |= 1u << int(t.chain);
    if (auto f = oracles.shapes(m, full, touched)) return f;
    if (full) {
        if (auto f = oracles.all_slots(m)) return f;
        return oracles.all_back_pointers(m, w);
    }
    for (const model::SlotRef &t : want.fx.touched) {
        if (auto f = oracles.slot(m, t)) return f;
        const auto &slots = m.chain(t.chain, t.incoming).slots;
        if (size_t(t.index) >= slots.size()) continue; // released within the step
        const int owner = slots[size_t(t.index)].owner;
        std::optional<Finding> f;
        switch (t.chain) {
        case model::Chain::domain:
            f = oracles.domain_bp(m, w, owner);
            break;
        case model::Chain::device:
            f = oracles.dev_bp(m, w, owner);
            break;
        case model::Chain::iommu:
            f = oracles.unit_bp(m, w, owner);
            break;
        }
        if (f) return f;
    }
    const OpInfo &info = op_info(s.op);
    const std::array<int, 3> a = resolve_handles(s, handles);
    for (int i = 0; i < info.nargs; i++) {
        std::optional<Finding> f;
        if (info.args[i] == Arg::domain) f = oracles.domain_bp(m, w, a[i]);
        if (info.args[i] == Arg::dev) f = oracles.dev_bp(m, w, a[i]);
        if (info.args[i] == Arg::unit) f = oracles.unit_bp(m, w, a[i]);
        if (f) return f;
    }
    return std::nullopt;
}

bool Runner::check_round_trip(size_t i) {
    for (size_t ci = 0; ci < before_kexec.size(); ci++) {
        sut::ChainView after = w.chain(sut::Chain(ci));
        const auto &b = before_kexec[ci];
        std::string name = std::string(sut::chain_name(sut::Chain(ci))) + " chain";
        if (after.pages.size() != b.pages.size())
            return failed(i, "I6-roundtrip",
                          name + ": " + std::to_string(b.pages.size()) + " page(s) before kexec, " +
                              std::to_string(after.pages.size()) + " after");
        for (size_t pg = 0; pg < b.pages.size(); pg++)
            if (after.pages[pg].phys != b.pages[pg].phys ||
                after.pages[pg].bytes != b.pages[pg].bytes)
                return failed(i, "I6-roundtrip",
                              name + " page " + std::to_string(pg) +
                                  " did not survive kexec byte for byte");
    }
    return true;
}

bool Runner::check_translations(size_t i, int dev) {
    const model::Model &m = md.model();
    const model::Slot &s = m.in[int(model::Chain::domain)].slots[m.devs[dev].restored_slot];
    // Up to 64 pages: the first page of every range, then the rest in order.
    std::vector<uint64_t> sample;
    for (const model::Range &r : s.maps)
        if (sample.size() < 64) sample.push_back(r.iova);
    for (const model::Range &r : s.maps)
        for (uint64_t k = 1; k < r.pages && sample.size() < 64; k++)
            sample.push_back(r.iova + k * model::kPageSize);
    for (uint64_t iova : sample) {
        uint64_t phys = 0;
        w.dev_translate(dev, iova, &phys);
        if (phys != model::map_target(s.owner, iova))
            return failed(i, "I6-translation",
                          "the restored domain of v" + std::to_string(dev) + " maps iova " +
                              std::to_string(iova) + " elsewhere than before kexec");
    }
    return true;
}

bool Runner::step(size_t i) {
    const Step &s = p.steps[i];
    plan.begin_step(&s.faults);
    for (int k = 0; k < LU_NR_SITES; k++) base[k] = w.site_calls(lu_site(k));
    std::array<unsigned, LU_NR_EVENT_KINDS> ev_before{};
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++) ev_before[k] = w.events_of(lu_event_kind(k));
    fired = {};
    before_kexec.clear();
    if (s.op == Op::kexec && md.model().flb.out_obj)
        for (sut::Chain c : sut::kChains) before_kexec.push_back(w.chain(c));

    if (opt.timeline) tl_step_begin(*this, i);
    const int port = port_step(w, s, handles);
    if (opt.timeline) tl_step_end(*this, i, port);
    const Prediction want = md.apply(s, &plan);
    std::array<uint32_t, LU_NR_SITES> calls{};
    for (int k = 0; k < LU_NR_SITES; k++) {
        calls[k] = uint32_t(w.site_calls(lu_site(k)) - base[k]);
        v.site_calls[k] += calls[k];
    }
    plan.end_step(calls);
    const int kind = handle_kind_index(op_info(s.op).creates);
    const int created = kind >= 0 ? int(handles[kind].size()) : -1;
    record_handle(handles, s, port);
    if (opt.trace) {
        std::string line = std::to_string(i) + ": " + print_step(s, created) + "  -> model " +
                           (want.panic ? std::string("panic") : sut::errno_name(want.ret)) +
                           ", port " + sut::errno_name(port);
        if (std::string f = calls_text(fired); !f.empty()) line += "  [fired: " + f + "]";
        v.trace.push_back(line);
    }
    v.steps_run = i + 1;

    // Fatal events first: they explain everything after them.
    if (w.dead()) {
        for (int k = 0; k < LU_NR_EVENT_KINDS; k++) {
            if (!lu_event_is_fatal(lu_event_kind(k)) ||
                w.events_of(lu_event_kind(k)) == ev_before[k])
                continue;
            // An abort by design: panic() in some revisions, BUG_ON() in others.
            if (want.panic && (k == LU_EV_panic || k == LU_EV_bug)) {
                v.ended_by_panic = true;
                return false;
            }
            return failed(i, std::string("fatal-") + lu_event_kind_name(lu_event_kind(k)),
                          last_message(w, k));
        }
        return failed(i, "fatal", "the port died");
    }
    if (want.panic) return failed(i, "missing-panic", "the model expects the port to panic here");
    if (want.ret != port)
        return failed(i, "differential",
                      "expected " + sut::errno_name(want.ret) + ", got " + sut::errno_name(port));
    for (int k = 0; k < LU_NR_SITES; k++)
        if (calls[k] != want.fx.calls[k])
            return failed(i, "fault-calls",
                          "expected " + std::to_string(want.fx.calls[k]) +
                              " call(s), the port made " + std::to_string(calls[k]),
                          lu_site_name(lu_site(k)));
    for (int k = 0; k < LU_NR_EVENT_KINDS; k++) {
        const unsigned got = w.events_of(lu_event_kind(k)) - ev_before[k];
        const unsigned expected = k == LU_EV_warn ? unsigned(want.fx.warns) : 0;
        if (got != expected) {
            const std::string msg = last_message(w, k);
            return failed(i, std::string("event-") + lu_event_kind_name(lu_event_kind(k)),
                          std::to_string(expected) + " expected, " + std::to_string(got) + " seen" +
                              (msg.empty() ? "" : ": " + msg));
        }
    }
    const bool full =
        s.op == Op::kexec || opt.full_sweep_every <= 1 || (i + 1) % opt.full_sweep_every == 0;
    if (auto f = check_state(s, want, full)) return failed(i, f->kind, f->detail);
    if (s.op == Op::kexec && port == 0 && !check_round_trip(i)) return false;
    if (s.op == Op::dev_restore && port == 0 &&
        !check_translations(i, resolve_handles(s, handles)[0]))
        return false;
    return true;
}

} // namespace detail

using detail::Runner;

namespace {

// Records each step's line spectrum into opt.spectrum while a run lasts.
struct SpectrumScope {
    std::vector<std::vector<uintptr_t>> *out;
    SpectrumScope(const Program &p, const RunOptions &opt) : out(opt.spectrum) {
        if (!out) return;
        out->assign(p.steps.size(), {});
        sut::spectrum_record(true);
    }
    ~SpectrumScope() {
        if (out) sut::spectrum_record(false);
    }
    void take(size_t begin, size_t end) {
        if (!out) return;
        const std::vector<uintptr_t> pcs = sut::spectrum_take();
        for (size_t k = begin; k < end && k < out->size(); k++) (*out)[k] = pcs;
    }
};

Verdict run_steps(const Program &p, const RunOptions &opt) {
    SpectrumScope spectrum(p, opt);
    Runner r(p, opt);
    spectrum.take(0, 0); // the world's set-up belongs to no step
    const auto blocks = concurrent_blocks(p);
    size_t b = 0;
    for (size_t i = 0; i < p.steps.size();) {
        if (b < blocks.size() && blocks[b].first == i) {
            const bool go = r.run_block(b, i, blocks[b].second);
            spectrum.take(i, blocks[b].second);
            if (!go) return std::move(r.v);
            i = blocks[b++].second;
            continue;
        }
        const bool go = r.step(i);
        spectrum.take(i, i + 1);
        i++;
        if (!go) return std::move(r.v);
    }
    if (auto f = r.check_state(Step{}, Prediction{}, true))
        r.failed(p.steps.size(), f->kind, "at the end: " + f->detail);
    return std::move(r.v);
}

} // namespace

std::string failure_identity(const Verdict &v) {
    if (v.ok) return "";
    if (v.kind == "linearizability") return v.signature;
    // Digits, and hexadecimal numbers whole, are dropped.
    std::string shape;
    for (size_t i = 0; i < v.detail.size(); i++) {
        const char c = v.detail[i];
        if (c == '0' && i + 1 < v.detail.size() && v.detail[i + 1] == 'x') {
            for (i += 2; i < v.detail.size() && std::isxdigit(uint8_t(v.detail[i]));) i++;
            i--;
        } else if (!std::isdigit(uint8_t(c))) {
            shape += c;
        }
    }
    std::set<std::string> parts;
    for (size_t at = 0;;) {
        const size_t end = shape.find("; ", at);
        parts.insert(shape.substr(at, end == std::string::npos ? end : end - at));
        if (end == std::string::npos) break;
        at = end + 2;
    }
    std::string id = v.signature;
    for (const std::string &part : parts) id += "|" + part;
    return id;
}

Verdict run_program(const Program &p, const RunOptions &opt) {
    Verdict v = run_steps(p, opt);
    if (opt.timeline) detail::tl_finish(*opt.timeline, p, v);
    return v;
}

size_t run_port_only(const Program &p, uint64_t bugs) {
    sut::World w(bugs);
    std::array<std::vector<int>, kNumHandleKinds> handles;
    size_t i = 0;
    for (; i < p.steps.size() && !w.dead(); i++) {
        const Step &s = p.steps[i];
        const int r = detail::port_step(w, s, handles);
        record_handle(handles, s, r);
    }
    return i;
}

std::vector<std::array<uint32_t, LU_NR_SITES>> site_calls_per_step(const Program &p,
                                                                   const RunOptions &opt) {
    Program clean = p;
    for (Step &s : clean.steps) s.faults.clear();
    RunOptions quiet = opt;
    quiet.timeline = nullptr;
    Runner r(clean, quiet);
    std::vector<std::array<uint32_t, LU_NR_SITES>> out;
    const auto blocks = concurrent_blocks(clean);
    size_t b = 0;
    for (size_t i = 0; i < clean.steps.size();) {
        if (b < blocks.size() && blocks[b].first == i) {
            const bool go = r.run_block(b, i, blocks[b].second);
            for (size_t k = i; k < blocks[b].second; k++) out.push_back(r.block_calls[k - i]);
            if (!go) break;
            i = blocks[b++].second;
            continue;
        }
        const std::array<uint32_t, LU_NR_SITES> before = r.v.site_calls;
        const bool go = r.step(i++);
        std::array<uint32_t, LU_NR_SITES> calls{};
        for (int k = 0; k < LU_NR_SITES; k++) calls[k] = r.v.site_calls[k] - before[k];
        out.push_back(calls);
        if (!go) break;
    }
    return out;
}

} // namespace lu
