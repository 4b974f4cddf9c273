// Structure-aware mutation (see program_mutate.h). Each block's schedule rides
// on the block's first step while steps move, and is given back to whatever
// block that step ends up in. Values come from menus of the ones where bugs
// live (chain boundaries, page-table edges, first calls of a site) or from
// the leaf mutator.
#include "program_mutate.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include <model.h>

#include "gen.h"
#include "program_bytes.h"

namespace lu {

namespace {

struct MStep {
    Step s;
    std::optional<std::vector<SchedChoice>> sched; // the schedule of the block it starts
};

std::vector<MStep> split(const Program &p) {
    std::vector<MStep> out;
    for (const Step &s : p.steps) out.push_back({s, std::nullopt});
    const auto blocks = concurrent_blocks(p);
    for (size_t b = 0; b < blocks.size() && b < p.schedules.size(); b++)
        if (!p.schedules[b].empty()) out[blocks[b].first].sched = p.schedules[b];
    return out;
}

Program join(const std::vector<MStep> &v) {
    Program p;
    for (const MStep &m : v) p.steps.push_back(m.s);
    for (const auto &[begin, end] : concurrent_blocks(p)) {
        p.schedules.emplace_back();
        for (size_t i = begin; i < end; i++)
            if (v[i].sched) {
                p.schedules.back() = *v[i].sched;
                break;
            }
    }
    return p;
}

struct Mutator {
    SeededChoices c;
    LeafMutator leaf;
    std::vector<MStep> v;

    uint64_t pick(std::initializer_list<uint64_t> menu) {
        return *(menu.begin() + c.below(menu.size()));
    }
    size_t at() { return size_t(c.below(v.size())); }

    // Through the leaf mutator, as the body value the decoder would read.
    uint64_t leafed(uint64_t body_value) {
        uint8_t buf[8];
        std::memcpy(buf, &body_value, 8);
        if (leaf) leaf(buf, 8, 8);
        std::memcpy(&body_value, buf, 8);
        return body_value;
    }

    uint64_t boundary_count() {
        const auto chain = model::Chain(c.below(3));
        const uint64_t m = model::max_objs(chain) * (1 + c.below(2));
        return m - 1 + c.below(3);
    }

    uint64_t value(Arg kind, uint64_t old) {
        if (c.percent(25)) {
            const uint64_t body = is_handle(kind) ? old : encode_arg(kind, old);
            const uint64_t v = leafed(body);
            return is_handle(kind) ? v % 16 : decode_arg(kind, v);
        }
        switch (kind) {
        case Arg::iova:
            if (c.percent(5)) return c.percent(50) ? old | 0x800 : uint64_t(1) << 39;
            return pick({0, 0x1000, 0x40000, 1ull << 21, 3ull << 21, 1ull << 30, 5ull << 30,
                         (1ull << 39) - (8ull << 12)}) +
                   (c.below(16) << 12);
        case Arg::pages:
            return c.percent(70) ? 1 + c.below(8) : pick({0, 511, 512, 513, 4096, 4097, 5000});
        case Arg::count:
            return c.percent(60) ? boundary_count() : 1 + c.below(12);
        case Arg::bdf:
            return c.below(16);
        default: // a handle: a neighbour of the old one, or one of the first
            return c.percent(50) ? (old + (c.percent(50) ? 1 : 15)) % 16 : c.below(4);
        }
    }

    Step random_step(uint8_t thread) {
        Step s;
        s.op = Op(c.below(kNumOps));
        const OpInfo &info = op_info(s.op);
        for (int a = 0; a < info.nargs; a++) s.args[a] = value(info.args[a], 0);
        s.thread = block_family_of(s.op) >= 0 ? thread : 0;
        return s;
    }

    Fault random_fault() {
        Fault f;
        f.site = lu_site(c.below(LU_NR_SITES));
        f.nth = uint32_t(c.percent(80) ? 1 + c.below(3) : leafed(1) % kMaxFaultNth + 1);
        f.persistent = c.percent(10);
        return f;
    }

    bool edit_fault(Step &s) {
        if (s.faults.empty() || c.percent(25)) {
            if (s.faults.size() == kMaxFaultsPerStep) return false;
            s.faults.push_back(random_fault());
            return true;
        }
        Fault &f = s.faults[c.below(s.faults.size())];
        switch (c.below(5)) {
        case 0:
            s.faults.erase(s.faults.begin() + long(&f - s.faults.data()));
            break;
        case 1:
            f.nth = f.nth > 1 && c.percent(50) ? f.nth - 1 : std::min(f.nth + 1, kMaxFaultNth);
            break;
        case 2:
            f.nth = uint32_t(leafed(f.nth - 1) % kMaxFaultNth + 1);
            break;
        case 3:
            f.site = lu_site(c.below(LU_NR_SITES));
            break;
        default:
            f.persistent = !f.persistent;
        }
        return true;
    }

    // A schedule with few preemptions, as PCT would pick: mostly one thread
    // run for k points, then another to its end (and, for two preemptions,
    // the first again); a thread's first choice is at its start.
    std::vector<SchedChoice> few_preemptions(int threads) {
        std::vector<SchedChoice> out;
        std::vector<bool> started(size_t(threads), false);
        auto run = [&](int t, size_t n) {
            for (; n > 0 && out.size() < kMaxDecodedSchedule; n--) {
                const bool first = !started[size_t(t)];
                started[size_t(t)] = true;
                out.push_back({uint8_t(t), first ? kSchedStart : uint8_t(LU_SCHED_lock)});
            }
        };
        auto other = [&](int t) {
            return threads < 2 ? t : (t + 1 + int(c.below(uint64_t(threads - 1)))) % threads;
        };
        const int a = int(c.below(uint64_t(threads))), b = other(a);
        const unsigned shape = unsigned(c.below(10));
        run(a, 1 + c.below(16));
        if (shape < 5) {
            run(b, 48);
        } else if (shape < 8) {
            run(b, 1 + c.below(16));
            run(a, 48);
        } else {
            for (int t = b, runs = int(c.below(3)); runs >= 0; runs--, t = other(t))
                run(t, 1 + c.below(8));
        }
        return out;
    }

    // The schedule of the block step @i is in: made up, or a run of one
    // thread made longer or shorter, a choice moved to another thread, the
    // schedule cut short, or dropped (the run chooses again).
    bool edit_schedule(size_t i) {
        size_t first = i;
        while (first > 0 && v[first - 1].s.thread) first--;
        int threads = 0;
        for (size_t k = first; k < v.size() && v[k].s.thread; k++)
            threads = std::max(threads, int(v[k].s.thread));
        auto &sched = v[first].sched;
        if (!sched || sched->empty() || c.percent(15)) {
            sched = few_preemptions(threads);
            return true;
        }
        const size_t k = size_t(c.below(sched->size()));
        switch (c.below(6)) {
        case 0:
        case 1: // a run one longer
            if (sched->size() < kMaxDecodedSchedule)
                sched->insert(sched->begin() + long(k), (*sched)[k]);
            break;
        case 2: // a run one shorter
            sched->erase(sched->begin() + long(k));
            break;
        case 3:
            (*sched)[k].thread = uint8_t(c.below(uint64_t(threads)));
            break;
        case 4:
            sched->resize(k);
            break;
        default:
            sched.reset();
        }
        return true;
    }

    // The first step of a random concurrent block, if there is one.
    std::optional<size_t> some_block() {
        std::vector<size_t> firsts;
        for (size_t k = 0; k < v.size(); k++)
            if (v[k].s.thread && (k == 0 || !v[k - 1].s.thread)) firsts.push_back(k);
        if (firsts.empty()) return std::nullopt;
        return firsts[c.below(firsts.size())];
    }

    bool edit() {
        if (c.percent(20))
            if (auto b = some_block()) return edit_schedule(*b);
        if (v.empty() || c.percent(15)) {
            const size_t i = v.empty() ? 0 : size_t(c.below(v.size() + 1));
            const uint8_t t = i > 0 && v[i - 1].s.thread ? v[i - 1].s.thread : 0;
            v.insert(v.begin() + long(i), MStep{random_step(t), std::nullopt});
            return true;
        }
        const size_t i = at();
        Step &s = v[i].s;
        switch (c.below(9)) {
        case 0: { // delete; a schedule moves to the next step of its block
            if (v[i].sched && i + 1 < v.size() && v[i + 1].s.thread && !v[i + 1].sched)
                v[i + 1].sched = std::move(v[i].sched);
            v.erase(v.begin() + long(i));
            return true;
        }
        case 1: { // duplicate, next to itself or elsewhere
            MStep copy{s, std::nullopt};
            v.insert(v.begin() + long(c.percent(50) ? i + 1 : size_t(c.below(v.size() + 1))),
                     std::move(copy));
            return true;
        }
        case 2: { // swap with the next step or with any step
            const size_t j = c.percent(60) ? std::min(i + 1, v.size() - 1) : at();
            std::swap(v[i].s, v[j].s);
            return i != j;
        }
        case 3:
            s.op = Op(c.below(kNumOps));
            if (block_family_of(s.op) < 0) s.thread = 0;
            return true;
        case 4: {
            const OpInfo &info = op_info(s.op);
            if (!info.nargs) return false;
            const int a = int(c.below(uint64_t(info.nargs)));
            s.args[a] = value(info.args[a], s.args[a]);
            return true;
        }
        case 5:
            return !s.thread && edit_fault(s);
        case 6: // into or out of a block, or onto another thread
            s.thread = block_family_of(s.op) >= 0 ? uint8_t(c.below(4)) : 0;
            return true;
        case 7: { // the steps from here on, in turn on threads t0 and t1
            for (size_t k = i, t = 0; k < v.size() && k < i + 2 + c.below(3); k++)
                if (block_family_of(v[k].s.op) >= 0) v[k].s.thread = uint8_t(1 + t++ % 2);
            return true;
        }
        default:
            return s.thread && edit_schedule(i);
        }
    }
};

// Offsets of the tag bytes (record starts) of @data, and @size at the end.
std::vector<size_t> record_starts(const uint8_t *data, size_t size) {
    std::vector<size_t> out;
    for (size_t i = 0; i < size; i++)
        if (data[i] & 0x80) out.push_back(i);
    out.push_back(size);
    return out;
}

} // namespace

size_t mutate_program_bytes(uint8_t *data, size_t size, size_t max_size, unsigned seed,
                            LeafMutator leaf) {
    Mutator m{SeededChoices(0x6c75 ^ (uint64_t(seed) << 16)), leaf, {}};
    if (m.c.percent(15) && leaf) return leaf(data, size, max_size);
    m.v = split(decode_program(data, size));
    for (int n = 1 + int(m.c.below(3)), tries = 0; n > 0 && tries < 16; tries++) n -= m.edit();
    const std::vector<uint8_t> out = encode_program(join(m.v));
    if (out.size() > max_size) return leaf ? leaf(data, size, max_size) : size;
    if (!out.empty()) std::memcpy(data, out.data(), out.size());
    return out.size();
}

size_t cross_over_program_bytes(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size,
                                uint8_t *out, size_t max_out, unsigned seed) {
    SeededChoices c(0x7863 ^ (uint64_t(seed) << 16));
    const std::vector<size_t> ra = record_starts(a, a_size), rb = record_starts(b, b_size);
    const size_t cut = ra[c.below(ra.size())];
    size_t from = rb[c.below(rb.size())], to = rb[c.below(rb.size())];
    if (from > to) std::swap(from, to);
    size_t n = 0;
    auto put = [&](const uint8_t *p, size_t len) {
        len = std::min(len, max_out - n);
        if (len) std::memcpy(out + n, p, len);
        n += len;
    };
    put(a, cut);
    put(b + from, to - from);
    put(a + cut, a_size - cut);
    return n;
}

} // namespace lu
