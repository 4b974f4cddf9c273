// The one op vocabulary of lu-check, declared once. The enum, the names, the
// argument kinds, the printer, the parser, the generators and the fuzz
// decoder all derive from LU_OPS; adding an op is one line here, one case in
// the model and one in the executor's call into the port.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lu {

// Argument kinds: handles of the four object kinds, and plain numbers. The
// ranges below are what the kernel accepts; the text format allows up to
// arg_max() so that programs can also exercise the -EINVAL paths.
enum class Arg : uint8_t {
    none,
    file,   // f0, f1, ...  (iommufd-like files)
    domain, // d0, d1, ...
    unit,   // u0, u1, ...  (IOMMU units)
    dev,    // v0, v1, ...  (PCI devices)
    iova,   // page-aligned I/O virtual address, 0 .. 2^39
    pages,  // page count, 1 .. 4096
    bdf,    // PCI bus/device/function, 0 .. 0xffff
    count,  // repetitions of a bulk op, 1 .. 1000
};

// X(name, creates, arg0, arg1, arg2, before, after): `creates` is the
// handle kind the op returns (Arg::none when it returns only 0 or -errno);
// `before` and `after` are the generator's weights for the op before and
// after a kexec (the generator draws each phase's ops in proportion to its
// column; 0: never drawn in that phase).
#define LU_OPS(X)                                                                                  \
    X(file_open, file, none, none, none, 2, 1)                                                     \
    X(unit_add, unit, none, none, none, 2, 0)                                                      \
    X(dev_add, dev, unit, bdf, none, 6, 0)                                                         \
    X(domain_alloc, domain, file, none, none, 10, 2)                                               \
    X(domain_alloc_nolu, domain, file, none, none, 1, 0)                                           \
    X(domain_map, none, domain, iova, pages, 8, 1)                                                 \
    X(domain_free, none, domain, none, none, 2, 1)                                                 \
    X(dev_attach, none, dev, domain, none, 8, 1)                                                   \
    X(domain_preserve, none, domain, none, none, 14, 2)                                            \
    X(domain_unpreserve, none, domain, none, none, 6, 1)                                           \
    X(dev_preserve, none, dev, none, none, 12, 1)                                                  \
    X(dev_unpreserve, none, dev, none, none, 5, 1)                                                 \
    X(domain_churn, none, domain, count, none, 6, 1)                                               \
    X(dev_churn, none, dev, count, none, 5, 1)                                                     \
    X(file_preserve, none, file, none, none, 5, 1)                                                 \
    X(file_unpreserve, none, file, none, none, 3, 1)                                               \
    X(kexec, none, none, none, none, 3, 1)                                                         \
    X(unit_restore, none, unit, none, none, 0, 10)                                                 \
    X(dev_restore, none, dev, none, none, 0, 14)                                                   \
    X(file_retrieve, none, file, none, none, 0, 6)                                                 \
    X(file_finish, none, file, none, none, 0, 6)

enum class Op : uint8_t {
#define LU_OP_ENUM(name, creates, a0, a1, a2, before, after) name,
    LU_OPS(LU_OP_ENUM)
#undef LU_OP_ENUM
};

struct OpInfo {
    std::string_view name;
    Arg creates;
    std::array<Arg, 3> args;
    int nargs;
    unsigned weight_before, weight_after; // the generator's, per phase
};

inline constexpr int kNumOps = 0
#define LU_OP_COUNT(name, creates, a0, a1, a2, before, after) +1
    LU_OPS(LU_OP_COUNT)
#undef LU_OP_COUNT
    ;

constexpr int count_args(Arg a0, Arg a1, Arg a2) {
    return (a0 != Arg::none) + (a1 != Arg::none) + (a2 != Arg::none);
}

inline constexpr std::array<OpInfo, kNumOps> kOpInfo = {{
#define LU_OP_INFO(name, creates, a0, a1, a2, before, after)                                       \
    {#name,  Arg::creates, {Arg::a0, Arg::a1, Arg::a2}, count_args(Arg::a0, Arg::a1, Arg::a2),     \
     before, after},
    LU_OPS(LU_OP_INFO)
#undef LU_OP_INFO
}};

inline const OpInfo &op_info(Op op) { return kOpInfo[static_cast<size_t>(op)]; }
std::optional<Op> op_by_name(std::string_view name);

// Handle kinds: their letter in the text format and their index.
inline constexpr int kNumHandleKinds = 4;
int handle_kind_index(Arg kind); // file 0, domain 1, unit 2, dev 3; -1 otherwise
char handle_letter(Arg kind);    // 'f', 'd', 'u', 'v'
Arg handle_kind_of_letter(char c);
bool is_handle(Arg kind);
uint64_t arg_max(Arg kind); // largest value a numeric argument may take

} // namespace lu
