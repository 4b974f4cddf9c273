// fuzz_decode: the baseline fuzz_ops is measured against (bench/fuzz_bench.sh).
// The same decoder and the same mutator as fuzz_ops, but the Program is only
// decoded, never run: what is left of fuzz_ops' cost is the execution itself.
#include <cstddef>
#include <cstdint>

#include "program_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const lu::Program p = lu::decode_program(data, size);
    volatile size_t steps = p.steps.size();
    (void)steps;
    return 0;
}
