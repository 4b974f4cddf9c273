// Internal to the `.lu` parser (lu_text.cc): the parser of one step line and
// the small lexical helpers both halves share. Not part of the harness API.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "program.h"

namespace lu::text {

// A problem within one line: 1-based byte column and message.
struct LineError {
    int col = 0;
    std::string message;
};

// Handles created so far, per kind (indexed by handle_kind_index).
using HandleCounts = std::array<uint64_t, kNumHandleKinds>;

// Parses `line` (no newline, no control characters, at most kMaxLineBytes)
// as one step that may refer to the handles in `counts`. On success fills
// `out`, counts the handle the step creates, and returns nullopt.
std::optional<LineError> parse_step(std::string_view line, HandleCounts &counts, Step *out);

inline bool is_space(char c) { return c == ' ' || c == '\t'; }
inline bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A token for a message: quoted, shortened when long, bytes >= 0x80 in hex.
std::string quote(std::string_view token);

} // namespace lu::text
