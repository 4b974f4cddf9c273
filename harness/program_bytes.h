// The fuzzer's byte format of a Program. decode_program turns any byte string
// into a valid Program (total), and a one-byte change into a local change of
// the Program; encode_program writes a Program so that decoding gives it back.
// The record kinds derive from LU_OPS, so a new op is in the format at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "program.h"

namespace lu {

// The format: a sequence of records. A record is one tag byte (high bit set)
// and the body bytes (high bit clear) that follow it up to the next tag byte,
// so a changed byte splits, merges or changes records next to it and never
// reframes the rest. Body bytes hold unsigned values, little-endian in groups
// of six bits, bit 6 meaning "more groups follow"; a missing value reads as 0.
// (tag & 0x7f) % kNumRecordKinds gives the record's kind:
//   0 .. kNumOps-1  a step of that op; its values are its arguments in order:
//                   a handle is an index among the handles of its kind made so
//                   far (taken modulo their number; with none, a sequential
//                   step first gets one made by the first op of LU_OPS that
//                   makes that kind, a block's step is skipped), a number
//                   goes through a bijection that maps small
//                   values to usual ones (page-aligned iovas, 1 page, count 1)
//   kRecordFault    a fault on the last step placed: (site * 2 + persistent,
//                   nth - 1); none in concurrent blocks (as Gen::block makes
//                   them: the linearizability check takes no predicted panic)
//   kRecordThread   the thread of the steps that follow: 0 sequential, k
//                   thread t(k-1), until a step that cannot join the block
//                   (an op of no BlockFamily or of another family than the
//                   block's first step, or one past kMaxBlockSteps) runs
//                   sequentially and ends it
//   kRecordSchedule choices appended to the schedule of the latest block, each
//                   (kind * kMaxThreads + thread), kind 0 being "start"
// Header facts (bugs, expect) are not in the bytes.
inline constexpr int kRecordFault = kNumOps, kRecordThread = kNumOps + 1,
                     kRecordSchedule = kNumOps + 2, kNumRecordKinds = kNumOps + 3;
// Limits of the format, within those of program.h: a block's steps and a
// block's schedule stay small enough for the linearizability search and for
// a `schedule:` line the parser accepts.
inline constexpr size_t kMaxBlockSteps = 8;
inline constexpr size_t kMaxDecodedSchedule = 256;

// Never fails; the result prints and parses back to itself.
Program decode_program(const uint8_t *data, size_t size);
inline Program decode_program(const std::vector<uint8_t> &b) {
    return decode_program(b.data(), b.size());
}

// The bytes of @p's steps, faults, threads and schedules. Total too: values a
// decoder would reduce (an undefined handle, a step past a limit) are written
// as they are. decode(encode(p)) == p without its header facts whenever p
// fits the format (fits_byte_format).
std::vector<uint8_t> encode_program(const Program &p);
// The record of one step and of its faults, as encode_program writes it
// inside a program.
std::vector<uint8_t> encode_step(const Step &s);

// Does @p come back from encode then decode, header facts aside? If not and
// @why is given, says where it differs.
bool fits_byte_format(const Program &p, std::string *why = nullptr);

// The value of a numeric argument of @kind that body value @v decodes to,
// and back (encode_arg(kind, decode_arg(kind, v)) == v for v in range).
uint64_t decode_arg(Arg kind, uint64_t v);
uint64_t encode_arg(Arg kind, uint64_t value);

} // namespace lu
