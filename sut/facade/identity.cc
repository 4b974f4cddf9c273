// Which implementation of the series this build runs: the built-in port or a
// kernel tree (path, revision, git describe, a hash of its files), as
// cmake/kernel_tree.cmake found it. Tools print it in every banner, report
// and SUMMARY line.
#include "../sut.h"

#include <lu/sut_identity.h>

namespace lu::sut {

const Identity &identity() {
    static const Identity id{LU_SUT_KIND,     LU_SUT_TREE, LU_SUT_REV,
                             LU_SUT_DESCRIBE, LU_SUT_HASH, LU_SUT_LUO_GEN_A != 0};
    return id;
}

std::string identity_line() {
    const Identity &id = identity();
    std::string s = id.kind == "tree" ? "tree " + id.tree : std::string("built-in port");
    s += " (rev " + id.rev;
    if (!id.describe.empty()) s += ", git " + id.describe;
    s += ", files " + id.hash + ")";
    return s;
}

uint64_t mode_bugs() { return identity().luo_gen_a ? uint64_t(1) << LU_BUG_luo_gen_a : 0; }

} // namespace lu::sut
