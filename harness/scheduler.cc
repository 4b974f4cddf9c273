// The scheduler's engine: one Boost.Context fiber per simulated thread, with
// direct fiber-to-fiber switches (no trip through a scheduler fiber), stacks
// pooled per OS thread, and ASan told of every switch by hand (Boost 1.74's
// fcontext backend does not). The strategies are a switch, not virtual calls.
#include "scheduler.h"

#include <algorithm>
#include <stdexcept>

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#if defined(__SANITIZE_ADDRESS__)
#define LU_SCHED_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LU_SCHED_ASAN 1
#endif
#endif
#ifdef LU_SCHED_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace lu {
namespace bctx = boost::context;

namespace {

void asan_start(void **fake_save, const void *bottom, size_t size) {
#ifdef LU_SCHED_ASAN
    __sanitizer_start_switch_fiber(fake_save, bottom, size);
#else
    (void)fake_save, (void)bottom, (void)size;
#endif
}

void asan_finish(void *fake, const void **old_bottom, size_t *old_size) {
#ifdef LU_SCHED_ASAN
    __sanitizer_finish_switch_fiber(fake, old_bottom, old_size);
#else
    (void)fake, (void)old_bottom, (void)old_size;
#endif
}

// Fiber stacks outlive runs: mmap + guard page + munmap per thread per run
// would cost more than a short program. Kept per OS thread, a few at most,
// keyed by the size asked for (the real one adds rounding and the guard page).
class StackPool {
  public:
    ~StackPool() {
        for (auto &[asked, sc] : free_) release(sc);
    }
    bctx::stack_context take(size_t asked) {
        for (size_t i = free_.size(); i-- > 0;) {
            if (free_[i].first == asked) {
                bctx::stack_context sc = free_[i].second;
                free_.erase(free_.begin() + long(i));
                return sc;
            }
        }
        return bctx::protected_fixedsize_stack(asked).allocate();
    }
    void give(size_t asked, bctx::stack_context &sc) noexcept {
#ifdef LU_SCHED_ASAN
        // Frames that never returned (Boost's fiber entry) leave poison behind.
        ASAN_UNPOISON_MEMORY_REGION(static_cast<char *>(sc.sp) - sc.size, sc.size);
#endif
        if (free_.size() < kKeep)
            free_.emplace_back(asked, sc);
        else
            release(sc);
    }

  private:
    static constexpr size_t kKeep = 32;
    static void release(bctx::stack_context &sc) {
        bctx::protected_fixedsize_stack(sc.size).deallocate(sc);
    }
    std::vector<std::pair<size_t, bctx::stack_context>> free_;
};

thread_local StackPool stack_pool;

// Boost's StackAllocator concept for a preallocated stack: hand it back.
struct PooledStack {
    size_t asked;
    bctx::stack_context allocate() { throw std::logic_error("preallocated only"); }
    void deallocate(bctx::stack_context &sc) noexcept { stack_pool.give(asked, sc); }
};

struct SplitMix {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return size_t((unsigned __int128)next() * n >> 64); }
};

enum class State : uint8_t { runnable, blocked, done };

struct Slot {
    bctx::fiber fiber; // where this thread resumes; empty while it runs
    State state = State::runnable;
    bool woken = false;
    uint8_t kind = kSchedStart;   // the kind of point it resumes at
    const void *obj = nullptr;    // what it waits for, when blocked
    int64_t prio = 0;             // PCT
    void *fake_stack = nullptr;   // ASan's, saved across a switch
    const void *bottom = nullptr; // stack bounds, for ASan
    size_t size = 0;
};

} // namespace

struct Scheduler::Impl {
    SchedConfig cfg;
    // Threads 0..n-1, then the caller of run() at index n.
    std::vector<Slot> slots;
    std::vector<int> runnable; // ascending; the running thread included
    int n = 0;
    int cur = 0;  // the slot running now (n: the caller of run)
    int from = 0; // the slot that switched to cur
    bool in_run = false, draining = false;
    size_t limit = 0; // max_points, or 0 once draining (every decision is then rare)
    const std::function<void(int)> *body = nullptr;
    SchedResult res;
    SplitMix rng{0};
    size_t replay_at = 0;
    std::vector<SchedChoice> record; // the schedule: its first `recorded` entries
    size_t recorded = 0;
    std::vector<size_t> change_points; // PCT, ascending
    size_t next_change = 0;
    int64_t low_prio = 0;
    std::exception_ptr error;

    void keep_error(std::exception_ptr e) {
        if (!error) error = std::move(e);
    }
    void make_runnable(int t) {
        slots[t].state = State::runnable;
        runnable.insert(std::upper_bound(runnable.begin(), runnable.end(), t), t);
    }
    void remove_runnable(int t) {
        runnable.erase(std::lower_bound(runnable.begin(), runnable.end(), t));
    }

    // PCT: at the i-th change point the thread at it drops below every other.
    void pct_step(int t) {
        if (cfg.strategy != Strategy::pct) return;
        while (next_change < change_points.size() && change_points[next_change] <= res.points) {
            slots[t].prio = low_prio--;
            next_change++;
        }
    }

    // No thread can run: the lowest blocked one learns of the deadlock, or,
    // when every thread finished, control goes back to run()'s caller.
    int none_runnable() {
        for (int t = 0; t < n; t++) {
            if (slots[t].state == State::blocked) {
                res.deadlock = true;
                slots[t].woken = false;
                make_runnable(t);
                return t;
            }
        }
        return n;
    }

    size_t pick_pct() const {
        size_t best = 0;
        for (size_t i = 1; i < runnable.size(); i++)
            if (slots[runnable[i]].prio > slots[runnable[best]].prio) best = i;
        return best;
    }

    size_t pick_replay() {
        if (replay_at < cfg.replay.size()) {
            SchedChoice c = cfg.replay[replay_at++];
            if (c.thread < n && slots[c.thread].state == State::runnable) {
                if (slots[c.thread].kind != c.kind) res.diverged = true;
                return size_t(std::lower_bound(runnable.begin(), runnable.end(), int(c.thread)) -
                              runnable.begin());
            }
        }
        res.diverged = true;
        return 0;
    }

    [[gnu::noinline]] size_t pick_chooser(int current, lu_sched_kind kind, const void *obj) {
        size_t i = 0;
        try {
            i = cfg.chooser(runnable, current, kind, obj);
            if (i >= runnable.size()) throw std::out_of_range("chooser: index past runnable");
        } catch (...) {
            keep_error(std::current_exception());
            i = 0;
        }
        return i;
    }

    [[gnu::noinline]] size_t pick_other() {
        return cfg.strategy == Strategy::pct ? pick_pct() : pick_replay();
    }

    // The schedule grows by doubling, outside the hot path.
    [[gnu::noinline]] void grow_record() {
        record.resize(std::max<size_t>(256, record.size() * 2));
    }

    // A decision; current is the thread that could go on (-1 when none can).
    // The common case (two or more runnable, within max_points) stays inline.
    [[gnu::always_inline]] int decide(int current, lu_sched_kind kind, const void *obj) {
        if (++res.points > limit || runnable.size() < 2) [[unlikely]]
            return decide_rare(current);
        size_t i;
        if (cfg.strategy == Strategy::chooser)
            i = pick_chooser(current, kind, obj);
        else if (cfg.strategy == Strategy::random)
            i = rng.below(runnable.size());
        else
            i = pick_other();
        int t = runnable[i];
        if (cfg.record) {
            if (recorded == record.size()) [[unlikely]]
                grow_record();
            record[recorded++] = SchedChoice{uint8_t(t), slots[t].kind};
        }
        return t;
    }

    // Nothing to choose from, or past max_points: then round-robin from current.
    [[gnu::noinline]] int decide_rare(int current) {
        if (runnable.empty()) return none_runnable();
        if (res.points > cfg.max_points) {
            res.truncated = draining = true;
            limit = 0;
            auto it = std::upper_bound(runnable.begin(), runnable.end(), current);
            return it == runnable.end() ? runnable.front() : *it;
        }
        return runnable.front();
    }

    void switch_to(int next) {
        int me = cur;
        cur = next;
        from = me;
        Slot &to = slots[next];
        asan_start(&slots[me].fake_stack, to.bottom, to.size);
        bctx::fiber back = std::move(to.fiber).resume();
        asan_finish(slots[me].fake_stack, nullptr, nullptr);
        slots[from].fiber = std::move(back);
    }

    bctx::fiber entry(int i, bctx::fiber &&caller) {
        const void *bottom = nullptr;
        size_t size = 0;
        asan_finish(nullptr, &bottom, &size);
        if (from == n) slots[n].bottom = bottom, slots[n].size = size;
        slots[from].fiber = std::move(caller);
        try {
            (*body)(i);
        } catch (...) {
            keep_error(std::current_exception());
        }
        slots[i].state = State::done;
        remove_runnable(i);
        int next = decide(-1, lu_sched_kind(kSchedStart), nullptr);
        cur = next;
        from = i;
        asan_start(nullptr, slots[next].bottom, slots[next].size);
        return std::move(slots[next].fiber);
    }

    void start(int threads) {
        n = threads;
        res = {};
        record.clear();
        recorded = 0;
        error = nullptr;
        draining = false;
        limit = cfg.max_points;
        rng = SplitMix{cfg.seed};
        replay_at = 0;
        slots.clear();
        slots.resize(size_t(n) + 1);
        runnable.clear();
        runnable.reserve(size_t(n));
        for (int t = 0; t < n; t++) runnable.push_back(t);
        cur = from = n;
        change_points.clear();
        next_change = 0;
        if (cfg.strategy == Strategy::pct) {
            int d = std::max(cfg.pct_depth, 1);
            std::vector<int64_t> prio(static_cast<size_t>(n));
            for (int t = 0; t < n; t++) prio[size_t(t)] = d + t;
            for (size_t t = prio.size(); t > 1; t--) std::swap(prio[t - 1], prio[rng.below(t)]);
            for (int t = 0; t < n; t++) slots[size_t(t)].prio = prio[size_t(t)];
            size_t k = std::max<size_t>(cfg.pct_steps_hint, 1);
            for (int i = 1; i < d; i++) change_points.push_back(1 + rng.below(k));
            std::sort(change_points.begin(), change_points.end());
            low_prio = d - 1;
        }
    }
};

Scheduler::Scheduler(SchedConfig cfg) : impl_(std::make_unique<Impl>()) {
    impl_->cfg = std::move(cfg);
}

Scheduler::~Scheduler() = default;

SchedConfig &Scheduler::config() { return impl_->cfg; }

SchedResult Scheduler::run(int n, const std::function<void(int)> &body) {
    Impl &m = *impl_;
    if (m.in_run) throw std::logic_error("Scheduler::run called from inside a run");
    if (n < 0 || n > 255) throw std::invalid_argument("Scheduler::run: 0..255 threads");
    if (m.cfg.strategy == Strategy::chooser && !m.cfg.chooser)
        throw std::invalid_argument("Scheduler: Strategy::chooser without a chooser");
    m.start(n);
    if (n == 0) return m.res;
    m.body = &body;
    for (int i = 0; i < n; i++) {
        bctx::stack_context sc = stack_pool.take(m.cfg.stack_size);
        Slot &s = m.slots[size_t(i)];
        s.bottom = static_cast<char *>(sc.sp) - sc.size;
        s.size = sc.size;
        s.fiber = bctx::fiber(std::allocator_arg, bctx::preallocated(sc.sp, sc.size, sc),
                              PooledStack{m.cfg.stack_size}, [&m, i](bctx::fiber &&caller) {
                                  return m.entry(i, std::move(caller));
                              });
    }
    m.in_run = true;
    m.switch_to(m.decide(-1, lu_sched_kind(kSchedStart), nullptr));
    // Every thread has finished; the last one switched back here.
    m.in_run = false;
    m.body = nullptr;
    m.record.resize(m.recorded);
    m.res.schedule = std::move(m.record);
    if (m.cfg.strategy == Strategy::replay && m.replay_at < m.cfg.replay.size())
        m.res.diverged = true; // choices left over
    if (m.error) std::rethrow_exception(std::exchange(m.error, nullptr));
    return std::move(m.res);
}

void Scheduler::point(lu_sched_kind kind, const void *obj) {
    Impl &m = *impl_;
    int me = m.cur;
    if (me == m.n) return;
    m.slots[size_t(me)].kind = uint8_t(kind);
    m.pct_step(me);
    int next = m.decide(me, kind, obj);
    if (next != me) {
        m.res.preemptions++;
        m.switch_to(next);
    }
}

bool Scheduler::block_on(const void *obj) {
    Impl &m = *impl_;
    int me = m.cur;
    if (me == m.n) return false;
    Slot &s = m.slots[size_t(me)];
    s.state = State::blocked;
    s.obj = obj;
    m.remove_runnable(me);
    m.pct_step(me);
    int next = m.decide(-1, lu_sched_kind(s.kind), obj);
    if (next != me) m.switch_to(next);
    s.obj = nullptr;
    return s.woken;
}

void Scheduler::wake(const void *obj) {
    Impl &m = *impl_;
    for (int t = 0; t < m.n; t++) {
        Slot &s = m.slots[size_t(t)];
        if (s.state == State::blocked && s.obj == obj) {
            s.woken = true;
            m.make_runnable(t);
        }
    }
}

int Scheduler::current_task() const { return impl_->cur < impl_->n ? impl_->cur + 1 : 1; }

bool Scheduler::stopping() const { return impl_->draining; }

namespace {
Scheduler *self(void *ctx) { return static_cast<Scheduler *>(ctx); }
void hook_point(void *ctx, lu_sched_kind kind, const void *obj) { self(ctx)->point(kind, obj); }
bool hook_block_on(void *ctx, const void *obj) { return self(ctx)->block_on(obj); }
void hook_wake(void *ctx, const void *obj) { self(ctx)->wake(obj); }
int hook_current_task(void *ctx) { return self(ctx)->current_task(); }
} // namespace

void Scheduler::install(lu_hooks *hooks) {
    hooks->ctx = this;
    hooks->should_fail = nullptr;
    hooks->sched_point = hook_point;
    hooks->block_on = hook_block_on;
    hooks->wake = hook_wake;
    hooks->report = nullptr;
    hooks->current_task = hook_current_task;
}

} // namespace lu
