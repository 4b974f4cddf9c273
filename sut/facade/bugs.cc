// Seeded-bug sets by name, and errno names, for the C++ side.
#include <cerrno>
#include <cstring>
#include <sstream>

#include "../sut.h"

namespace lu::sut {

uint64_t bug_mask(std::initializer_list<lu_bug> bugs) {
    uint64_t m = 0;
    for (lu_bug b : bugs) m |= uint64_t(1) << b;
    return m;
}

uint64_t bug_set_v2() { return lu_bug_set_v2(); }

bool parse_bugs(const std::string &spec, uint64_t *mask, std::string *error) {
    *mask = 0;
    std::stringstream ss(spec);
    std::string name;
    while (std::getline(ss, name, ',')) {
        if (name.empty() || name == "fixed") continue;
        if (name == "v2") {
            *mask |= bug_set_v2();
            continue;
        }
        int i = 0;
        for (; i < LU_NR_BUGS; i++)
            if (name == lu_bug_info[i].name) break;
        if (i == LU_NR_BUGS) {
            if (error) *error = "unknown bug '" + name + "'";
            return false;
        }
        *mask |= uint64_t(1) << i;
    }
    return true;
}

std::string errno_name(int err) {
    if (err == kFatal) return "FATAL";
    if (err >= 0) return std::to_string(err);
    // clang-format off
    switch (-err) {
#define E(x) \
    case x: return "-" #x;
        E(EPERM) E(ENOENT) E(EIO) E(E2BIG) E(ENOMEM) E(EBUSY) E(EEXIST) E(ENODEV)
        E(EINVAL) E(ENOSPC) E(ENODATA) E(EOPNOTSUPP) E(EALREADY) E(ESTALE)
#undef E
    }
    // clang-format on
    return "-" + std::to_string(-err);
}

}  // namespace lu::sut
