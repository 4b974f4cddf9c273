// Helpers shared by the harness tests.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "lu_text.h"

namespace lu::test {

// Parse @text, failing the test (with the error and the text) if it does not.
inline Program must_parse(std::string_view text) {
    ParseResult r = parse(text, "t.lu");
    EXPECT_TRUE(r) << r.error.str() << "\n--- text:\n" << text;
    return r ? *r.program : Program{};
}

// Two preservers of domains of two iommufds racing on a full chain tail (the
// domain chain is at M - 1 slots when the block starts).
inline constexpr const char *kTailRace = R"(# lu-repro v1
f0 = file_open()
f1 = file_open()
file_preserve(f0)
d0 = domain_alloc(f0)
d1 = domain_alloc(f0)
d2 = domain_alloc(f1)
domain_churn(d0, 120)
concurrent {
  t0: domain_preserve(d1)
  t1: domain_preserve(d2)
}
)";

} // namespace lu::test
