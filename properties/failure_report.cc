// What a property prints when it fails (see failure_report.h).
#include "failure_report.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "baseline.h"
#include "lu_text.h"
#include "minimize.h"
#include <sut.h>

namespace lu {

bool is_known_defect(const Verdict &v) {
    static const Baseline known = [] {
        const std::string rev = sut::identity().rev;
        return replay_baseline(baseline_dir(rev), rev, RunOptions{});
    }();
    return !v.ok && known.is_known(v.signature);
}

std::string report_property_failure(const std::string &property, const Program &p,
                                    const RunOptions &opt, const Verdict &v) {
    Program small = minimize(p, opt, v.signature);
    small.expect = "fail " + v.signature;
    if (const char *bugs = std::getenv("LU_BUGS"); bugs && small.bugs.empty()) small.bugs = bugs;
    const char *dir = std::getenv("LU_OUT");
    std::filesystem::path out = dir && *dir ? dir : "lu-out";
    std::filesystem::create_directories(out);
    std::string slug, ident;
    for (char c : v.signature) {
        const bool alnum = std::isalnum(static_cast<unsigned char>(c));
        slug += alnum ? c : '-';
        ident += alnum ? c : '_';
    }
    const std::filesystem::path file =
        std::filesystem::absolute(out / (property + "-" + slug + ".lu"));
    std::ofstream(file) << print(small);

    std::ostringstream os;
    os << property << " failed: " << v.signature << ": " << v.detail << "\n"
       << "minimal program (" << small.steps.size() << " steps), written to " << file.string()
       << ":\n"
       << print(small) << "replay: lu replay " << file.string() << " --trace\n"
       << "regression draft (or copy the file to corpus/repro/NNNN-" << slug << ".lu):\n"
       << "TEST(Regression, " << ident << ") {\n"
       << "    auto r = lu::parse(R\"lu(\n"
       << print(small) << ")lu\", \"regression\");\n"
       << "    ASSERT_TRUE(r) << r.error.str();\n"
       << "    lu::RunOptions opt;  // the fixed port; the bug set was: "
       << (small.bugs.empty() ? "fixed" : small.bugs) << "\n"
       << "    EXPECT_TRUE(lu::run_program(*r.program, opt).ok);\n"
       << "}\n"
       << "SUMMARY: lu: " << v.signature << " in " << property << "\n";
    return os.str();
}

} // namespace lu
