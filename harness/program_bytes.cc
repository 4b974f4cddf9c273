// The byte format of a Program (see program_bytes.h): the record reader and
// the decoder that places each record in a Program it keeps valid, then the
// encoder that writes the same records back.
#include "program_bytes.h"

#include "budget.h"
#include "lu_text.h"

namespace lu {

namespace {

constexpr uint64_t kIovaSpace = uint64_t(1) << 40, kAlignedIovas = uint64_t(1) << 28;
constexpr uint64_t kSchedCodes = uint64_t(kMaxThreads) * (LU_NR_SCHED_KINDS + 1);

// The values of one record's body, read on demand; 0 once it runs out.
struct Body {
    const uint8_t *p, *end;
    uint64_t next() {
        uint64_t v = 0;
        for (int shift = 0; p < end; shift += 6) {
            const uint8_t b = *p++;
            if (shift < 64) v |= uint64_t(b & 0x3f) << shift;
            if (!(b & 0x40)) break;
        }
        return v;
    }
    bool empty() const { return p == end; }
};

void put_value(std::vector<uint8_t> &out, uint64_t v) {
    while (v >= 0x40) {
        out.push_back(uint8_t((v & 0x3f) | 0x40));
        v >>= 6;
    }
    out.push_back(uint8_t(v));
}

struct Decoder {
    Program p;
    std::array<uint64_t, kNumHandleKinds> counts{};
    uint8_t thread = 0;
    bool last_placed = false; // the latest step record became a step
    size_t block_steps = 0;   // steps in the block the last step belongs to
    int family = -1;          // the BlockFamily of that block
    ProgramBudget budget;     // a step past it is skipped

    // A handle of @kind for a sequential step that needs one: when there is
    // none yet, the first op of LU_OPS that creates one makes it (with the
    // latest handles and default values as its own arguments).
    bool ensure(Arg kind) {
        const int k = handle_kind_index(kind);
        if (counts[k]) return true;
        if (p.steps.size() == kMaxSteps) return false;
        for (int o = 0; o < kNumOps; o++) {
            if (kOpInfo[o].creates != kind) continue;
            Step s;
            s.op = Op(o);
            for (int a = 0; a < kOpInfo[o].nargs; a++) {
                const Arg ak = kOpInfo[o].args[a];
                if (is_handle(ak) && !ensure(ak)) return false;
                s.args[a] = is_handle(ak) ? counts[handle_kind_index(ak)] - 1 : decode_arg(ak, 0);
            }
            if (p.steps.size() == kMaxSteps) return false;
            p.steps.push_back(s);
            counts[k]++;
            return true;
        }
        return false;
    }

    void step(Op op, Body b) {
        last_placed = false;
        if (p.steps.size() == kMaxSteps) return;
        const OpInfo &info = op_info(op);
        Step s;
        s.op = op;
        const bool prev_block = !p.steps.empty() && p.steps.back().thread;
        const bool joins =
            !prev_block || (block_steps < kMaxBlockSteps && family == block_family_of(op));
        if (thread && block_family_of(op) >= 0 && joins)
            s.thread = thread;
        else
            thread = 0; // a step that cannot join the block ends it
        for (int a = 0; a < info.nargs; a++) {
            const uint64_t v = b.next();
            const int k = handle_kind_index(info.args[a]);
            // Inside a block no handle can be made: the step is skipped.
            if (k >= 0 && (s.thread ? !counts[k] : !ensure(info.args[a]))) return;
            s.args[a] = k >= 0 ? v % counts[k] : decode_arg(info.args[a], v);
        }
        if (p.steps.size() == kMaxSteps || budget.charge(s)) return;
        if (s.thread && !prev_block) {
            p.schedules.emplace_back();
            block_steps = 0;
            family = block_family_of(op);
        }
        block_steps += s.thread != 0;
        if (int k = handle_kind_index(info.creates); k >= 0) counts[k]++;
        p.steps.push_back(s);
        last_placed = true;
    }

    void fault(Body b) {
        const uint64_t v0 = b.next(), v1 = b.next();
        if (!last_placed || p.steps.back().thread ||
            p.steps.back().faults.size() == kMaxFaultsPerStep)
            return;
        Fault f;
        f.site = lu_site((v0 >> 1) % LU_NR_SITES);
        f.persistent = v0 & 1;
        f.nth = uint32_t(v1 % kMaxFaultNth + 1);
        p.steps.back().faults.push_back(f);
    }

    void schedule(Body b) {
        if (p.schedules.empty()) return;
        std::vector<SchedChoice> &sched = p.schedules.back();
        while (!b.empty() && sched.size() < kMaxDecodedSchedule) {
            const uint64_t c = b.next() % kSchedCodes;
            const uint64_t kind = c / kMaxThreads;
            sched.push_back({uint8_t(c % kMaxThreads), uint8_t(kind ? kind - 1 : kSchedStart)});
        }
    }

    void record(uint8_t tag, Body b) {
        const int kind = (tag & 0x7f) % kNumRecordKinds;
        if (kind < kNumOps)
            step(Op(kind), b);
        else if (kind == kRecordFault)
            fault(b);
        else if (kind == kRecordThread)
            thread = uint8_t(b.next() % (kMaxThreads + 1));
        else
            schedule(b);
    }
};

} // namespace

uint64_t decode_arg(Arg kind, uint64_t v) {
    if (kind == Arg::iova) {
        v %= kIovaSpace;
        if (v < kAlignedIovas) return v << 12;
        const uint64_t k = v - kAlignedIovas;
        return k / 4095 * 4096 + k % 4095 + 1;
    }
    const uint64_t m = arg_max(kind) + 1;
    if (kind == Arg::pages || kind == Arg::count) return (v % m + 1) % m; // 0 -> 1
    return v % m;
}

uint64_t encode_arg(Arg kind, uint64_t value) {
    if (value > arg_max(kind)) return value;
    if (kind == Arg::iova) {
        if (!(value & 0xfff)) return value >> 12;
        return kAlignedIovas + (value >> 12) * 4095 + (value & 0xfff) - 1;
    }
    const uint64_t m = arg_max(kind) + 1;
    if (kind == Arg::pages || kind == Arg::count) return (value + m - 1) % m;
    return value;
}

Program decode_program(const uint8_t *data, size_t size) {
    Decoder d;
    size_t i = 0;
    while (i < size && !(data[i] & 0x80)) i++; // bytes before the first tag
    while (i < size) {
        const uint8_t tag = data[i++];
        const size_t start = i;
        while (i < size && !(data[i] & 0x80)) i++;
        d.record(tag, Body{data + start, data + i});
    }
    return std::move(d.p);
}

std::vector<uint8_t> encode_step(const Step &s) {
    std::vector<uint8_t> out;
    const OpInfo &info = op_info(s.op);
    std::array<uint64_t, 3> v{};
    int n = 0; // values up to the last nonzero one; missing ones read as 0
    for (int a = 0; a < info.nargs; a++) {
        v[a] = is_handle(info.args[a]) ? s.args[a] : encode_arg(info.args[a], s.args[a]);
        if (v[a]) n = a + 1;
    }
    out.push_back(uint8_t(0x80 | int(s.op)));
    for (int a = 0; a < n; a++) put_value(out, v[a]);
    for (const Fault &f : s.faults) {
        out.push_back(uint8_t(0x80 | kRecordFault));
        const uint64_t v0 = uint64_t(f.site) * 2 + f.persistent, v1 = f.nth ? f.nth - 1 : 0;
        put_value(out, v0);
        if (v1) put_value(out, v1);
    }
    return out;
}

std::vector<uint8_t> encode_program(const Program &p) {
    std::vector<uint8_t> out;
    uint8_t thread = 0;
    size_t block = 0;
    for (size_t i = 0; i < p.steps.size(); i++) {
        const Step &s = p.steps[i];
        if (s.thread != thread) {
            out.push_back(uint8_t(0x80 | kRecordThread));
            put_value(out, s.thread);
        }
        thread = s.thread;
        const std::vector<uint8_t> rec = encode_step(s);
        out.insert(out.end(), rec.begin(), rec.end());
        if (!s.thread || (i + 1 < p.steps.size() && p.steps[i + 1].thread)) continue;
        if (block < p.schedules.size() && !p.schedules[block].empty()) {
            out.push_back(uint8_t(0x80 | kRecordSchedule));
            for (const SchedChoice &c : p.schedules[block]) {
                const uint64_t kind = c.kind == kSchedStart ? 0 : uint64_t(c.kind) + 1;
                put_value(out, kind * kMaxThreads + c.thread);
            }
        }
        block++;
    }
    return out;
}

bool fits_byte_format(const Program &p, std::string *why) {
    Program back = decode_program(encode_program(p));
    back.bugs = p.bugs;
    back.expect = p.expect;
    if (back == p) return true;
    if (!why) return false;
    size_t i = 0;
    while (i < p.steps.size() && i < back.steps.size() && p.steps[i] == back.steps[i]) i++;
    if (i < p.steps.size() || i < back.steps.size()) {
        *why = i < p.steps.size() ? "step " + std::to_string(i) + " (" +
                                        print_step(p.steps[i], -1) + ") does not come back"
                                  : "the bytes give more steps than the program has";
        if (i < p.steps.size() && p.steps[i].thread)
            *why += " (a block holds at most " + std::to_string(kMaxBlockSteps) +
                    " steps, all of one BlockFamily)";
    } else {
        *why = "a schedule does not come back (at most " + std::to_string(kMaxDecodedSchedule) +
               " choices per block, one schedule per block)";
    }
    return false;
}

} // namespace lu
