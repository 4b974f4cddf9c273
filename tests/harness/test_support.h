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

} // namespace lu::test
