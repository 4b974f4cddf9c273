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

// Seeded bugs whose switch is outside the series' file (in the iommufd
// stand-in and the mock driver): the only ones a kernel tree's build has.
static bool switch_outside_series(int bug) {
    return bug == LU_BUG_rollback_partial || bug == LU_BUG_rollback_extra_unpreserve;
}

bool bug_available(int bug, std::string *why) {
    if (identity().kind != "tree" || switch_outside_series(bug)) return true;
    if (why)
        *why = lu_bug_info[bug].set == LU_SET_MODE
                   ? std::string("the kernel tree decides the LUO generation, '") +
                         lu_bug_info[bug].name + "' cannot be chosen"
                   : std::string("seeded bug '") + lu_bug_info[bug].name +
                         "' is a switch in the built-in port's liveupdate.c; a kernel tree "
                         "has none (only rollback_partial and rollback_extra_unpreserve live "
                         "outside it)";
    return false;
}

bool parse_bugs(const std::string &spec, uint64_t *mask, std::string *error, bool any) {
    *mask = 0;
    // Names are separated by single commas: none may be empty or blank.
    for (size_t pos = 0; !spec.empty();) {
        const size_t comma = spec.find(',', pos);
        const std::string one = spec.substr(pos, comma == std::string::npos ? comma : comma - pos);
        if (one.find_first_not_of(" \t") == std::string::npos) {
            if (error)
                *error = "'" + spec + "' has an empty name (names are separated by single commas)";
            return false;
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    std::stringstream ss(spec);
    std::string name;
    while (std::getline(ss, name, ',')) {
        if (name.empty() || name == "fixed") continue;
        if (name == "v2") {
            if (identity().kind == "tree" && !any) {
                if (error)
                    *error = "'v2' names the built-in port's switches for the v2 defects; a "
                             "kernel tree has its own (its known defects: lu baseline)";
                return false;
            }
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
        if (!any && !bug_available(i, error)) return false;
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

} // namespace lu::sut
