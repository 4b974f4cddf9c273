// `lu encode` and `lu decode`: between `.lu` text and the fuzzer's bytes
// (harness/program_bytes.h), and loading either kind of file where a tool
// takes a program (a libFuzzer crash file is decoded first).
#pragma once

#include <optional>
#include <string>

#include "program.h"

namespace lu::tools {

// A `.lu` file (named *.lu, or opening with "# lu-repro") is parsed; any other
// file is fuzzer bytes and decoded. Errors (unreadable, too large, a bad .lu)
// are printed with the file name; then nothing is returned.
std::optional<Program> load_program_or_bytes(const std::string &path);

} // namespace lu::tools
