// Structure-aware mutation of the fuzzer's bytes: decode to a Program, edit
// it as a Program (insert, delete, duplicate or swap steps; change an op, an
// argument, a fault's site or call number, a thread, a schedule), encode it
// back. libFuzzer's LLVMFuzzerCustomMutator and CustomCrossOver call these.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lu {

// A byte-level mutator for leaf values (LLVMFuzzerMutate in a fuzzer): mutates
// data[0, size) in place, may grow it up to max_size, returns the new size.
using LeafMutator = size_t (*)(uint8_t *data, size_t size, size_t max_size);

// Mutates the encoded program in data[0, size) into at most max_size bytes
// and returns the new size. Every result decodes (every byte string does);
// the edit is drawn from @seed, values sometimes from @leaf. When the edited
// program does not fit in max_size, falls back to @leaf on the raw bytes.
size_t mutate_program_bytes(uint8_t *data, size_t size, size_t max_size, unsigned seed,
                            LeafMutator leaf);

// Splices two encoded programs at record boundaries (a prefix of @a, a run of
// records of @b, the rest of @a) into @out; returns the size written.
size_t cross_over_program_bytes(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size,
                                uint8_t *out, size_t max_out, unsigned seed);

} // namespace lu
