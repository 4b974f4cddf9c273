// The structure-aware mutator and cross-over: outputs stay within max_size and
// always decode to Programs that print and parse back; most mutations change
// the Program, and chains of them reach blocks, faults and schedules from a
// plain start.
#include <gtest/gtest.h>

#include <cstring>

#include "gen.h"
#include "lu_text.h"
#include "program_bytes.h"
#include "program_mutate.h"

namespace lu {
namespace {

// A deterministic stand-in for LLVMFuzzerMutate: flips, sets or appends bytes.
size_t stub_leaf(uint8_t *data, size_t size, size_t max_size) {
    static SeededChoices c(99);
    if (size < max_size && (size == 0 || c.percent(20))) {
        data[size] = uint8_t(c.below(256));
        return size + 1;
    }
    if (size) data[c.below(size)] ^= uint8_t(1u << c.below(8));
    return size;
}

void expect_valid(const uint8_t *data, size_t size) {
    const Program p = decode_program(data, size);
    ParseResult r = parse(print(p), "mutated.lu");
    ASSERT_TRUE(r) << r.error.str() << "\n" << print(p);
    EXPECT_EQ(*r.program, p);
}

TEST(ProgramMutate, ChainsOfMutationsStayValidAndReachEverything) {
    constexpr size_t kMax = 1024;
    size_t changed = 0, calls = 0, blocks = 0, faults = 0, scheduled = 0;
    for (uint64_t seed = 0; seed < 40; seed++) {
        SeededChoices g(seed);
        const std::vector<uint8_t> start = encode_program(generate(g, GenConfig{}));
        std::vector<uint8_t> buf(kMax);
        size_t size = seed % 4 == 0 ? 0 : std::min(start.size(), kMax); // from nothing, too
        std::memcpy(buf.data(), start.data(), size);
        for (unsigned k = 0; k < 200; k++) {
            const Program before = decode_program(buf.data(), size);
            size =
                mutate_program_bytes(buf.data(), size, kMax, unsigned(seed * 1000 + k), stub_leaf);
            ASSERT_LE(size, kMax);
            expect_valid(buf.data(), size);
            if (HasFailure()) return;
            const Program after = decode_program(buf.data(), size);
            calls++;
            changed += !(after == before);
            blocks += after.schedules.size();
            for (const auto &s : after.schedules) scheduled += !s.empty();
            for (const Step &s : after.steps) faults += s.faults.size();
        }
    }
    EXPECT_GT(changed, calls * 7 / 10) << changed << " of " << calls;
    EXPECT_GT(blocks, 500u);
    EXPECT_GT(scheduled, 100u);
    EXPECT_GT(faults, 500u);
}

TEST(ProgramMutate, SmallMaxSizeFallsBackAndStaysWithin) {
    SeededChoices g(7);
    const std::vector<uint8_t> enc = encode_program(generate(g, GenConfig{}));
    for (unsigned k = 0; k < 500; k++) {
        std::vector<uint8_t> buf = enc;
        const size_t size = mutate_program_bytes(buf.data(), buf.size(), buf.size(), k, stub_leaf);
        ASSERT_LE(size, enc.size());
        expect_valid(buf.data(), size);
    }
}

TEST(ProgramMutate, CrossOverSplicesRecordsAndStaysWithin) {
    SeededChoices g(11);
    for (unsigned k = 0; k < 300; k++) {
        const auto a = encode_program(generate(g, GenConfig{})),
                   b = encode_program(generate(g, GenConfig{}));
        const size_t max_out = k % 3 ? a.size() + b.size() : a.size() / 2;
        std::vector<uint8_t> out(max_out + 1, 0xee);
        const size_t n = cross_over_program_bytes(a.data(), a.size(), b.data(), b.size(),
                                                  out.data(), max_out, k);
        ASSERT_LE(n, max_out);
        EXPECT_EQ(out[max_out], 0xee);
        expect_valid(out.data(), n);
        if (k % 3 == 0) continue;
        // Untruncated, the result holds every step of @a, and steps of @b.
        const Program pa = decode_program(a), px = decode_program(out.data(), n);
        EXPECT_GE(n, a.size());
        EXPECT_GE(px.steps.size(), pa.steps.size());
    }
}

} // namespace
} // namespace lu
