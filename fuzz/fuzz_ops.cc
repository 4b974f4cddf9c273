// fuzz_ops: the libFuzzer target over Programs. Bytes decode to a Program
// (harness/program_bytes.h) that runs on the port and the model; a failing
// verdict prints the program as a replayable `.lu` reproducer and aborts, so
// that libFuzzer keeps the input. Mutation is in mutator.cc.
//
// Environment: LU_BUGS=SET picks the seeded bugs (fixed, v2, or names; a
// binary named fuzz_ops-SET gets SET when LU_BUGS is unset); LU_REPRO_DIR=DIR
// keeps the first reproducer of each signature as DIR/<signature>.lu. Under
// seeded bugs, a failure that the port shows without them too (the same modes,
// such as luo_gen_a, but no defect) is not theirs: it is noted once per
// signature and fuzzing goes on (LU_FIXED_FAILURES=report reports it). On a
// kernel tree, the known defects of its revision (corpus/kernel/<rev>/) are
// not crashes either: they are noted once each, and fuzzing goes on.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <sut.h>

#include "baseline.h"
#include "executor.h"
#include "lu_text.h"
#include "model_coverage.h"
#include "program_bytes.h"

namespace {

struct Config {
    std::string spec = "fixed";
    uint64_t bugs = 0;
    uint64_t modes = 0; // the mode switches among bugs (no defects)
    std::string repro_dir;
    bool skip_fixed_failures = true;
    std::set<std::string> noted; // signatures of fixed-port failures seen
    lu::Baseline known;          // the implementation's known defects
};
Config config;

// The bug set from LU_BUGS, else from a program name fuzz_ops-SET.
std::string bug_spec(const char *argv0) {
    if (const char *env = std::getenv("LU_BUGS"); env && *env) return env;
    std::string name = argv0 ? argv0 : "";
    name = name.substr(name.find_last_of('/') + 1);
    const std::string prefix = "fuzz_ops-";
    if (name.compare(0, prefix.size(), prefix) == 0 && name.size() > prefix.size())
        return name.substr(prefix.size());
    return "fixed";
}

// "linearizability:domain_preserve" -> a file name.
std::string file_name_of(const std::string &signature) {
    std::string out;
    for (char c : signature)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '-';
    return out + ".lu";
}

void keep_reproducer(const std::string &signature, const std::string &text) {
    if (config.repro_dir.empty()) return;
    const std::string path = config.repro_dir + "/" + file_name_of(signature);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return; // one per signature: the first found stays
    const ssize_t n = ::write(fd, text.data(), text.size());
    ::close(fd);
    if (n == ssize_t(text.size()))
        std::fprintf(stderr, "lu: reproducer kept as %s\n", path.c_str());
}

[[noreturn]] void report(lu::Program p, const lu::Verdict &v) {
    p.bugs = config.spec;
    p.expect = "fail " + v.signature;
    const std::string text = lu::print(p);
    std::string where = "at the end";
    if (v.step >= 0 && size_t(v.step) < p.steps.size())
        where = "step " + std::to_string(v.step) + " (" +
                std::string(lu::op_info(p.steps[v.step].op).name) + ")";
    std::fprintf(
        stderr,
        "\n==lu== fuzz_ops: %s under bugs %s\n%s==lu== %s: %s: %s\n"
        "replay: lu decode CRASH_FILE --bugs %s -o repro.lu && lu replay repro.lu --trace\n"
        "SUMMARY: lu: %s in fuzz_ops\n",
        v.signature.c_str(), config.spec.c_str(), text.c_str(), where.c_str(), v.kind.c_str(),
        v.detail.c_str(), config.spec.c_str(), v.signature.c_str());
    keep_reproducer(v.signature, text);
    std::fflush(stderr);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    config.spec = bug_spec(argc && *argc > 0 ? (*argv)[0] : nullptr);
    std::string why;
    if (!lu::sut::parse_bugs(config.spec, &config.bugs, &why)) {
        std::fprintf(stderr, "fuzz_ops: LU_BUGS=%s: %s (see `lu bugs`)\n", config.spec.c_str(),
                     why.c_str());
        std::exit(2);
    }
    for (int b = 0; b < LU_NR_BUGS; b++)
        if (lu_bug_info[b].set == LU_SET_MODE) config.modes |= config.bugs & (uint64_t(1) << b);
    std::string spec;
    for (char c : config.spec)
        if (c != ' ') spec += c;
    config.spec = spec;
    if (const char *dir = std::getenv("LU_REPRO_DIR")) config.repro_dir = dir;
    if (const char *f = std::getenv("LU_FIXED_FAILURES"))
        config.skip_fixed_failures = std::string(f) != "report";
    std::fprintf(stderr, "fuzz_ops: seeded bugs: %s\n", config.spec.c_str());
    const std::string rev = lu::sut::identity().rev;
    lu::RunOptions ro;
    ro.bugs = config.modes;
    config.known = lu::replay_baseline(lu::baseline_dir(rev), rev, ro);
    std::fprintf(stderr, "fuzz_ops: implementation under test: %s, %zu known defect(s)\n",
                 lu::sut::identity_line().c_str(), config.known.present.size());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const lu::Program p = lu::decode_program(data, size);
    lu::RunOptions opt;
    opt.bugs = config.bugs;
    const lu::Verdict v = lu::run_program(p, opt);
    lu::fuzz::count_model_features(p, v);
    if (v.ok) return 0;
    if (config.known.is_known(v.signature)) {
        if (config.noted.insert(v.signature).second)
            std::fprintf(stderr, "==lu== fuzz_ops: %s is a known defect of revision %s\n",
                         v.signature.c_str(), config.known.rev.c_str());
        return 0;
    }
    if (config.bugs != config.modes && config.skip_fixed_failures) {
        lu::RunOptions without;
        without.bugs = config.modes;
        const lu::Verdict fixed = lu::run_program(p, without);
        if (!fixed.ok) {
            if (config.noted.insert(fixed.signature).second)
                std::fprintf(stderr,
                             "==lu== fuzz_ops: %s fails without the seeded bugs too: "
                             "not theirs, not reported\n",
                             fixed.signature.c_str());
            return 0;
        }
    }
    report(p, v);
}
