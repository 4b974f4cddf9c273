// Lookups over the op vocabulary of ops.h.
#include "ops.h"

#include "program.h"

namespace lu {

std::optional<Op> op_by_name(std::string_view name) {
    for (int i = 0; i < kNumOps; i++)
        if (kOpInfo[i].name == name) return static_cast<Op>(i);
    return std::nullopt;
}

int handle_kind_index(Arg kind) {
    switch (kind) {
    case Arg::file:
        return 0;
    case Arg::domain:
        return 1;
    case Arg::unit:
        return 2;
    case Arg::dev:
        return 3;
    default:
        return -1;
    }
}

char handle_letter(Arg kind) {
    switch (kind) {
    case Arg::file:
        return 'f';
    case Arg::domain:
        return 'd';
    case Arg::unit:
        return 'u';
    case Arg::dev:
        return 'v';
    default:
        return '?';
    }
}

Arg handle_kind_of_letter(char c) {
    switch (c) {
    case 'f':
        return Arg::file;
    case 'd':
        return Arg::domain;
    case 'u':
        return Arg::unit;
    case 'v':
        return Arg::dev;
    default:
        return Arg::none;
    }
}

bool is_handle(Arg kind) { return handle_kind_index(kind) >= 0; }

uint64_t arg_max(Arg kind) {
    switch (kind) {
    case Arg::iova:
        return (uint64_t(1) << 40) - 1; // past the 39-bit space: -EINVAL
    case Arg::pages:
        return uint64_t(1) << 20; // past 4096: -EINVAL
    case Arg::bdf:
        return 0xffff;
    case Arg::count:
        return 1000;
    default:
        return 0;
    }
}

std::vector<std::pair<size_t, size_t>> concurrent_blocks(const Program &p) {
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t i = 0; i < p.steps.size();) {
        if (!p.steps[i].thread) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < p.steps.size() && p.steps[j].thread) j++;
        out.emplace_back(i, j);
        i = j;
    }
    return out;
}

bool allowed_in_block(Op op) { return op_info(op).creates == Arg::none && op != Op::kexec; }

const std::vector<Op> &block_family(BlockFamily f) {
    static const std::vector<Op> objects = {Op::domain_preserve, Op::domain_unpreserve,
                                            Op::dev_preserve, Op::dev_unpreserve};
    static const std::vector<Op> files = {Op::file_preserve, Op::file_unpreserve};
    static const std::vector<Op> restores = {Op::dev_restore, Op::unit_restore, Op::file_retrieve,
                                             Op::file_finish};
    return f == BlockFamily::objects ? objects : f == BlockFamily::files ? files : restores;
}

int block_family_of(Op op) {
    for (int f = 0; f < kNumBlockFamilies; f++)
        for (Op o : block_family(BlockFamily(f)))
            if (o == op) return f;
    return -1;
}

bool mixes_block_families(const Program &p) {
    for (const auto &[begin, end] : concurrent_blocks(p)) {
        int fam = -1;
        for (size_t i = begin; i < end; i++) {
            const int f = block_family_of(p.steps[i].op);
            if (f >= 0 && fam >= 0 && f != fam) return true;
            if (f >= 0) fam = f;
        }
    }
    return false;
}

} // namespace lu
