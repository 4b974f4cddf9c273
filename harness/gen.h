// The Program generator: precondition-aware and biased to where bugs live
// (chain counts around k*M-1, k*M, k*M+1; failures on chain-page and FLB
// allocations; preserve/unpreserve churn; devices sharing an IOMMU unit;
// kexec, then restore, then finish). Every decision is drawn from a Choices
// source, so a seeded PRNG, RapidCheck or fuzzer bytes can drive it.
#pragma once

#include <cstdint>

#include "program.h"

namespace lu {

class Choices {
  public:
    virtual ~Choices() = default;
    // A value in [0, n), n >= 1.
    virtual uint64_t below(uint64_t n) = 0;
    bool percent(unsigned p) { return below(100) < p; }
};

// splitmix64: small, fast, and the same sequence on every machine.
class SeededChoices : public Choices {
  public:
    explicit SeededChoices(uint64_t seed) : s_(seed) {}
    uint64_t below(uint64_t n) override;

  private:
    uint64_t s_;
};

struct GenConfig {
    size_t min_steps = 6, max_steps = 40;
    unsigned fault_percent = 20; // chance that a step gets an injected fault
    unsigned kexec_percent = 60; // chance that the program goes through kexec
    bool luo_gen_a = false;      // the generation of LUO the run will use
    unsigned block_percent = 0;  // chance, per step, of a concurrent block instead
    int max_threads = 3, max_block_ops = 2;
    // Chance that a sequential program (block_percent 0) that ends in a
    // kexec first lays records on two or three pages of the domain chain, so
    // that its restores read past the first page.
    unsigned deep_chain_percent = 15;
};

Program generate(Choices &c, const GenConfig &cfg);

// One op drawn in proportion to its LU_OPS weight for the phase (before or
// after a kexec); the generator's main loop draws each step this way.
Op draw_op(Choices &c, bool rebooted);

} // namespace lu
