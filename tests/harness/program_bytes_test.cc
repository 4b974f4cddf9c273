// The fuzzer's byte format: every byte string decodes to a Program that
// prints and parses back to itself, decode(encode(p)) == p for generated
// programs (with blocks, faults and the schedules their runs recorded) and for
// decoded ones, numeric arguments map one to one, and a one-byte change makes
// a small change of the Program (measured as an edit distance over steps).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "executor.h"
#include "gen.h"
#include "lu_text.h"
#include "program_bytes.h"

namespace lu {
namespace {

std::vector<uint8_t> random_bytes(SeededChoices &c, size_t n) {
    std::vector<uint8_t> b(n);
    for (uint8_t &x : b) x = uint8_t(c.below(256));
    return b;
}

void expect_text_round_trip(const Program &p, const std::vector<uint8_t> &bytes) {
    const std::string text = print(p);
    ParseResult r = parse(text, "decoded.lu");
    ASSERT_TRUE(r) << r.error.str() << "\n" << text;
    EXPECT_EQ(*r.program, p) << text;
    EXPECT_EQ(p.schedules.size(), concurrent_blocks(p).size());
    for (const auto &[begin, end] : concurrent_blocks(p)) {
        EXPECT_LE(end - begin, kMaxBlockSteps);
        for (size_t i = begin; i < end; i++) {
            EXPECT_GE(block_family_of(p.steps[i].op), 0);
            EXPECT_EQ(block_family_of(p.steps[i].op), block_family_of(p.steps[begin].op));
            EXPECT_TRUE(p.steps[i].faults.empty());
        }
    }
    EXPECT_TRUE(fits_byte_format(p)) << text << " from " << bytes.size() << " bytes";
}

TEST(ProgramBytes, EveryByteStringDecodesToAValidProgram) {
    SeededChoices c(1);
    size_t steps = 0, blocks = 0, faults = 0, scheduled = 0;
    for (int i = 0; i < 3000; i++) {
        const auto b = random_bytes(c, c.below(i % 10 == 0 ? 2000 : 300));
        const Program p = decode_program(b);
        expect_text_round_trip(p, b);
        if (HasFailure()) return;
        steps += p.steps.size();
        blocks += p.schedules.size();
        for (const auto &s : p.schedules) scheduled += !s.empty();
        for (const Step &s : p.steps) faults += s.faults.size();
    }
    // Random bytes reach every part of the format.
    EXPECT_GT(steps, 30000u);
    EXPECT_GT(blocks, 1000u);
    EXPECT_GT(scheduled, 500u);
    EXPECT_GT(faults, 1000u);
}

TEST(ProgramBytes, EdgeCasesDecode) {
    EXPECT_EQ(decode_program(nullptr, 0), Program{});
    const std::vector<uint8_t> junk = {0x00, 0x7f, 0x41, 0x41};
    EXPECT_EQ(decode_program(junk), Program{});
    // A 64-bit overflow in a value, a fault with no step, a schedule with no block.
    std::vector<uint8_t> b = {uint8_t(0x80 | kRecordFault), 0x01, 0x80 | kRecordSchedule, 0x05,
                              0x80 | int(Op::file_open)};
    b.insert(b.end(), 40, 0x7f);
    const Program p = decode_program(b);
    ASSERT_EQ(p.steps.size(), 1u);
    EXPECT_TRUE(p.steps[0].faults.empty());
    EXPECT_TRUE(p.schedules.empty());
}

TEST(ProgramBytes, NumericArgumentsMapOneToOne) {
    for (Arg kind : {Arg::iova, Arg::pages, Arg::bdf, Arg::count}) {
        const uint64_t max = arg_max(kind);
        for (uint64_t v : {uint64_t(0), uint64_t(1), uint64_t(2), uint64_t(0xfff), uint64_t(0x1000),
                           uint64_t(0x1001), max / 2, max - 1, max}) {
            if (v > max) continue;
            EXPECT_EQ(decode_arg(kind, encode_arg(kind, v)), v) << int(kind) << " " << v;
            EXPECT_LE(decode_arg(kind, v), max);
        }
    }
    // Small values are the usual ones.
    EXPECT_EQ(decode_arg(Arg::iova, 3), 0x3000u);
    EXPECT_EQ(decode_arg(Arg::pages, 0), 1u);
    EXPECT_EQ(decode_arg(Arg::count, 118), 119u);
    EXPECT_EQ(decode_arg(Arg::pages, arg_max(Arg::pages)), 0u);
}

TEST(ProgramBytes, GeneratedProgramsRoundTrip) {
    for (uint64_t seed = 0; seed < 400; seed++) {
        SeededChoices c(seed);
        GenConfig cfg;
        cfg.block_percent = seed % 2 ? 15 : 0;
        Program p = generate(c, cfg);
        std::string why;
        ASSERT_TRUE(fits_byte_format(p, &why)) << why << "\n" << print(p);
        // With the schedules its run recorded, as a reproducer carries them.
        Verdict v = run_program(p, RunOptions{});
        if (v.ok && v.schedules.size() == p.schedules.size()) {
            bool short_enough = true;
            for (const auto &s : v.schedules) short_enough &= s.size() <= kMaxDecodedSchedule;
            p.schedules = v.schedules;
            if (short_enough) {
                ASSERT_TRUE(fits_byte_format(p, &why)) << why << "\n" << print(p);
            }
        }
        if (fits_byte_format(p)) {
            EXPECT_EQ(decode_program(encode_program(p)), p);
        }
    }
}

TEST(ProgramBytes, DecodedProgramsRoundTrip) {
    SeededChoices c(2);
    for (int i = 0; i < 2000; i++) {
        const Program p = decode_program(random_bytes(c, c.below(400)));
        ASSERT_EQ(decode_program(encode_program(p)), p) << print(p);
    }
}

TEST(ProgramBytes, WhatDoesNotFitIsNamed) {
    Program p;
    Step open;
    open.op = Op::file_open;
    p.steps.push_back(open);
    for (int i = 0; i < int(kMaxBlockSteps) + 1; i++) {
        Step s;
        s.op = Op::file_preserve;
        s.thread = uint8_t(1 + i % 2);
        p.steps.push_back(s);
    }
    p.schedules.emplace_back();
    std::string why;
    EXPECT_FALSE(fits_byte_format(p, &why));
    EXPECT_NE(why.find("holds at most"), std::string::npos) << why;
}

// Edit distance between two step lists (a step differs if op, arguments,
// faults or thread differ).
size_t step_distance(const std::vector<Step> &a, const std::vector<Step> &b) {
    std::vector<size_t> row(b.size() + 1), next(b.size() + 1);
    for (size_t j = 0; j <= b.size(); j++) row[j] = j;
    for (size_t i = 1; i <= a.size(); i++) {
        next[0] = i;
        for (size_t j = 1; j <= b.size(); j++)
            next[j] = std::min(
                {row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(row, next);
    }
    return row[b.size()];
}

// One byte changed, inserted or removed in 200-byte inputs: how far does the
// Program move? Local framing keeps it to the records next to the byte, plus
// the steps whose handles or thread those records decided. (Random bytes are
// the worst case: thread records and handle-making steps are dense in them.)
TEST(ProgramBytes, OneByteChangeIsASmallProgramChange) {
    SeededChoices c(3);
    std::vector<size_t> d;
    size_t total_steps = 0;
    for (int i = 0; i < 400; i++) {
        const auto b = random_bytes(c, 200);
        const Program p = decode_program(b);
        for (int k = 0; k < 25; k++) {
            auto m = b;
            const size_t at = size_t(c.below(m.size()));
            switch (c.below(3)) {
            case 0:
                m[at] = uint8_t(c.below(256));
                break;
            case 1:
                m.insert(m.begin() + long(at), uint8_t(c.below(256)));
                break;
            default:
                m.erase(m.begin() + long(at));
            }
            d.push_back(step_distance(p.steps, decode_program(m).steps));
            total_steps += p.steps.size();
        }
    }
    std::sort(d.begin(), d.end());
    double mean = 0;
    for (size_t x : d) mean += double(x);
    mean /= double(d.size());
    const size_t p50 = d[d.size() / 2], p90 = d[d.size() * 9 / 10], p99 = d[d.size() * 99 / 100];
    std::printf("one-byte change over %zu cases (programs of %.1f steps): distance mean %.2f, "
                "p50 %zu, p90 %zu, p99 %zu, max %zu\n",
                d.size(), double(total_steps) / double(d.size()), mean, p50, p90, p99, d.back());
    // A thread record decides the steps of at most one block.
    EXPECT_LE(p50, 1u);
    EXPECT_LE(p90, 4u);
    EXPECT_LE(p99, kMaxBlockSteps + 4);
    EXPECT_LT(mean, 2.0);
}

} // namespace
} // namespace lu
