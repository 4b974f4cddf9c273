// The structure-aware mutator of the Program targets (fuzz_ops and the
// decode-only baseline): libFuzzer's custom mutator and cross-over hooks over
// harness/program_mutate.h, with LLVMFuzzerMutate for leaf values.
// LU_FUZZ_MUTATOR=bytes leaves mutation to libFuzzer's byte mutators alone.
#include <cstdlib>
#include <cstring>

#include "program_mutate.h"

// Provided by libFuzzer; absent when a target is linked for plain replay.
extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
    __attribute__((weak));

namespace {

bool bytes_only() {
    static const bool only = [] {
        const char *m = std::getenv("LU_FUZZ_MUTATOR");
        return m && !std::strcmp(m, "bytes");
    }();
    return only;
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                                          unsigned int seed) {
    if (bytes_only() && LLVMFuzzerMutate) return LLVMFuzzerMutate(data, size, max_size);
    return lu::mutate_program_bytes(data, size, max_size, seed, LLVMFuzzerMutate);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
                                            const uint8_t *data2, size_t size2, uint8_t *out,
                                            size_t max_out_size, unsigned int seed) {
    return lu::cross_over_program_bytes(data1, size1, data2, size2, out, max_out_size, seed);
}
