// The `.lu` text format (v1) of a Program: print it, parse it back with exact
// line:column diagnostics, and print single steps for traces. The grammar is
// described in lu_text.cc; parse(print(p)) == p for every valid Program, and
// print(parse(t)) is the canonical form of t (comments and spacing dropped).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ops.h"
#include "program.h"

namespace lu {

inline constexpr std::string_view kLuTextMagic = "# lu-repro v1";
inline constexpr size_t kMaxLineBytes = 4096;
inline constexpr size_t kMaxFileBytes = size_t(16) << 20;

// The text of a whole Program, one step per line, ending with a newline.
std::string print(const Program &p);

// "d3" for (Arg::domain, 3). Only for handle kinds.
std::string handle_name(Arg kind, uint64_t index);

// One step as a line of the format, without a newline: "d2 = domain_alloc(f0)"
// when the op creates a handle and handle_index >= 0 (the index the created
// handle gets), otherwise without the "NAME = " part; faults follow as
// "  (fail: SITE#N, ...)".
std::string print_step(const Step &s, int handle_index);

// Where and why a text is not a valid Program. line and col are 1-based;
// both are 0 for problems of the whole file (cannot read it, too large).
struct ParseError {
    std::string file;
    int line = 0, col = 0;
    std::string message;
    // "FILE:LINE:COL: message", or "FILE: message" when line is 0.
    std::string str() const;
};

struct ParseResult {
    std::optional<Program> program;
    ParseError error; // meaningful only when program is empty
    explicit operator bool() const { return program.has_value(); }
};

// Never throws; filename is only used in the error.
ParseResult parse(std::string_view text, std::string_view filename);
// Reads path (at most kMaxFileBytes) and parses it. Never throws.
ParseResult parse_file(const std::string &path);

} // namespace lu
