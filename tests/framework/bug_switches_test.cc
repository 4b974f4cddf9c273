// Which seeded bugs a build has: the port's build has every switch; a kernel
// tree's build only those outside the series' file, read here from the
// sources themselves, and naming any other one is an error, not a no-op.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <sut.h>

namespace lu {
namespace {

// Seeded bugs switched in sut/ C files other than the port's series files.
std::set<std::string> switches_outside_series() {
    std::set<std::string> out;
    const std::regex use("LU_BUG\\(([a-z0-9_]+)\\)");
    for (const auto &e : std::filesystem::recursive_directory_iterator(LU_SUT_DIR)) {
        const std::string path = e.path().string();
        if (e.path().extension() != ".c" ||
            path.find("drivers/iommu/liveupdate") != std::string::npos)
            continue;
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        const std::string s = text.str();
        for (std::sregex_iterator m(s.begin(), s.end(), use), end; m != end; ++m)
            out.insert((*m)[1]);
    }
    return out;
}

TEST(BugSwitches, TheBuildHasExactlyTheSwitchesItsCodeHolds) {
    const std::set<std::string> outside = switches_outside_series();
    ASSERT_FALSE(outside.empty());
    const bool tree = sut::identity().kind == "tree";
    for (int b = 0; b < LU_NR_BUGS; b++) {
        const std::string name = lu_bug_info[b].name;
        const bool mode = lu_bug_info[b].set == LU_SET_MODE;
        const bool want = !tree || (outside.count(name) && !mode);
        std::string why;
        EXPECT_EQ(sut::bug_available(b, &why), want) << name;
        uint64_t mask = 0;
        std::string err;
        EXPECT_EQ(sut::parse_bugs(name, &mask, &err), want) << name << ": " << err;
        if (!want) {
            EXPECT_NE(err.find(name), std::string::npos) << err;
        }
    }
    uint64_t mask = 0;
    std::string err;
    EXPECT_EQ(sut::parse_bugs("v2", &mask, &err), !tree) << err;
}

} // namespace
} // namespace lu
