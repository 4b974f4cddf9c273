// fuzz_lu_parser: the `.lu` parser on arbitrary text. It must never crash,
// leak or grow without bound, and what it accepts must print to the
// canonical form and parse back to the same Program; an error must point
// inside the text. A violation prints the input's verdict and aborts.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lu_text.h"

namespace {

[[noreturn]] void fail(const char *what, const std::string &detail) {
    std::fprintf(stderr,
                 "\n==lu== fuzz_lu_parser: %s\n%s\nSUMMARY: lu: parser-%s in fuzz_lu_parser\n",
                 what, detail.c_str(), what);
    std::fflush(stderr);
    std::abort();
}

size_t lines_of(std::string_view text) {
    size_t n = 1;
    for (char c : text) n += c == '\n';
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const lu::ParseResult r = lu::parse(text, "input.lu");
    if (!r) {
        const lu::ParseError &e = r.error;
        if (e.message.empty()) fail("empty-error", e.str());
        if (e.line < 0 || size_t(e.line) > lines_of(text) || e.col < 0 || size_t(e.col) > size + 1)
            fail("error-outside-text", e.str());
        return 0;
    }
    const std::string printed = lu::print(*r.program);
    const lu::ParseResult again = lu::parse(printed, "printed.lu");
    if (!again) fail("print-unparsable", again.error.str() + "\n--- printed:\n" + printed);
    if (!(*again.program == *r.program)) fail("round-trip", "--- printed:\n" + printed);
    if (lu::print(*again.program) != printed) fail("not-canonical", printed);
    return 0;
}
