// `lu encode FILE.lu -o OUT` writes a reproducer as the fuzzer's bytes (a seed);
// `lu decode CRASH [-o OUT.lu] [--bugs SET]` prints the program a byte string
// (a libFuzzer crash file) stands for, with `# bugs:` and `# expect:` when
// --bugs says what to run it under; `--dict` writes a step per entry.
#include "codec_cmd.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <sys/stat.h>

#include "executor.h"
#include "lu_text.h"
#include "program_bytes.h"

#include "command.h"
#include "report.h"

namespace lu::tools {
namespace {

// Reads at most kMaxFileBytes (the limit `lu replay` keeps): one byte past it
// tells "too large" from "exactly at it", for pipes and devices too.
bool read_file(const std::string &path, std::string *out) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        std::fprintf(stderr, "%s: is a directory, not a file\n", path.c_str());
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "%s: cannot open: %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    out->clear();
    char chunk[1 << 16];
    while (out->size() <= kMaxFileBytes && in) {
        in.read(chunk, sizeof chunk);
        out->append(chunk, size_t(in.gcount()));
    }
    if (in.bad()) {
        std::fprintf(stderr, "%s: cannot read: %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    if (out->size() > kMaxFileBytes) {
        std::fprintf(stderr, "%s: larger than %zu MiB, the limit of an input file\n", path.c_str(),
                     kMaxFileBytes >> 20);
        return false;
    }
    return true;
}

// @path as it goes on one comment line: a backslash and each control
// character (a newline would start a line of its own) written as an escape.
std::string one_line(const std::string &path) {
    std::string out;
    for (char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += ch;
        }
    }
    return out;
}

bool is_lu_text(const std::string &path, const std::string &data) {
    if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".lu") == 0) return true;
    const size_t first = data.find_first_not_of(" \t\r\n");
    return first != std::string::npos && data.compare(first, 10, "# lu-repro") == 0;
}

std::string dict_entry(const std::vector<uint8_t> &bytes) {
    std::string out = "\"";
    for (uint8_t b : bytes) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", b);
        out += hex;
    }
    return out + "\"";
}

// One entry per distinct step record, and per distinct fault record alone.
std::string dictionary(const Program &p, const std::string &from) {
    std::string out = "# libFuzzer dictionary for fuzz_ops, written by `lu encode --dict` from " +
                      from + ":\n# the records of its steps, and of their faults on their own.\n";
    std::set<std::vector<uint8_t>> seen;
    auto entry = [&](const std::string &what, const std::vector<uint8_t> &bytes) {
        if (!seen.insert(bytes).second) return;
        std::string name;
        for (char c : what)
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '_')
                name += c;
            else if (!name.empty() && name.back() != '_')
                name += '_';
        while (!name.empty() && name.back() == '_') name.pop_back();
        out += name + "=" + dict_entry(bytes) + "\n";
    };
    for (Step s : p.steps) {
        s.thread = 0;
        for (const Fault &f : s.faults) {
            Step bare;
            bare.faults = {f};
            const std::vector<uint8_t> rec = encode_step(bare);
            entry(std::string("fail_") + lu_site_name(f.site) + "_" + std::to_string(f.nth) +
                      (f.persistent ? "_persistent" : ""),
                  std::vector<uint8_t>(rec.begin() + 1, rec.end()));
        }
        s.faults.clear();
        entry(print_step(s, -1), encode_step(s));
    }
    return out;
}

struct EncodeOptions {
    std::string file, out;
    bool dict = false;
};

int encode(const EncodeOptions &o) {
    std::optional<Program> p = load(o.file);
    if (!p) return kExitUsage;
    std::string why;
    if (!fits_byte_format(*p, &why)) {
        std::fprintf(stderr, "%s: does not fit the fuzzer's byte format: %s\n", o.file.c_str(),
                     why.c_str());
        return kExitUsage;
    }
    std::string out;
    if (o.dict) {
        out = dictionary(*p, one_line(o.file.substr(o.file.find_last_of('/') + 1)));
    } else {
        const std::vector<uint8_t> bytes = encode_program(*p);
        out.assign(bytes.begin(), bytes.end());
    }
    if (!write_atomically(o.out, out)) return kExitUsage;
    std::printf("%s: %zu bytes, %zu step(s)\n", o.out.c_str(), out.size(), p->steps.size());
    return kExitPass;
}

struct DecodeOptions {
    std::string file, out, bugs;
};

int decode(const DecodeOptions &o) {
    std::string data;
    if (!read_file(o.file, &data)) return kExitUsage;
    if (is_lu_text(o.file, data)) {
        std::fprintf(stderr,
                     "%s: is a .lu text file, not fuzzer bytes (`lu encode` makes bytes of it)\n",
                     o.file.c_str());
        return kExitUsage;
    }
    Program p = decode_program(reinterpret_cast<const uint8_t *>(data.data()), data.size());
    if (!o.bugs.empty()) {
        RunOptions ro;
        if (!resolve_bugs(o.bugs, p, &ro.bugs)) return kExitUsage;
        for (char c : o.bugs)
            if (c != ' ') p.bugs += c;
        const Verdict v = run_program(p, ro);
        p.expect = v.ok ? "pass" : "fail " + v.signature;
    }
    const std::string text = "# lu-repro v1\n# decoded from " + one_line(o.file) + "\n" +
                             print(p).substr(kLuTextMagic.size() + 1);
    if (o.out.empty()) {
        std::fputs(text.c_str(), stdout);
        return kExitPass;
    }
    if (!write_atomically(o.out, text)) return kExitUsage;
    std::printf("%s: %zu step(s)%s%s\n", o.out.c_str(), p.steps.size(),
                p.expect.empty() ? "" : ", ", p.expect.c_str());
    return kExitPass;
}

} // namespace

std::optional<Program> load_program_or_bytes(const std::string &path) {
    std::string data;
    if (!read_file(path, &data)) return std::nullopt;
    if (is_lu_text(path, data)) {
        ParseResult r = parse(data, path);
        if (!r) std::fprintf(stderr, "%s\n", r.error.str().c_str());
        if (r && !check_expect(*r.program, data, path)) return std::nullopt;
        return r.program;
    }
    return decode_program(reinterpret_cast<const uint8_t *>(data.data()), data.size());
}

void add_codec_commands(CLI::App &app, Commands &cmds) {
    static EncodeOptions enc;
    auto *enc_cmd = app.add_subcommand("encode", "write a .lu program as fuzzer bytes (a seed)");
    enc_cmd->add_option("file", enc.file, ".lu file")->required();
    enc_cmd->add_option("-o,--out", enc.out, "where to write the bytes")->required();
    enc_cmd->add_flag("--dict", enc.dict,
                      "write a libFuzzer dictionary instead: one entry per step");
    cmds.add(enc_cmd, [] { return encode(enc); });

    static DecodeOptions dec;
    auto *dec_cmd = app.add_subcommand(
        "decode", "print the .lu program that fuzzer bytes (a crash file) encode");
    dec_cmd->add_option("file", dec.file, "fuzzer input, e.g. a libFuzzer crash-* file")
        ->required();
    dec_cmd->add_option("-o,--out", dec.out, "write the .lu program here instead of stdout");
    dec_cmd->add_option("--bugs", dec.bugs,
                        "run it under these seeded bugs and write `# bugs:` and `# expect:`");
    cmds.add(dec_cmd, [] { return decode(dec); });
}

} // namespace lu::tools
