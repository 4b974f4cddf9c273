// The HTML timeline: a lane per thread, the failure marked with its
// signature and message, a legend, hover titles, names escaped, and nothing
// fetched from anywhere (no script, no external stylesheet, font or image).
#include <gtest/gtest.h>

#include <vector>

#include "executor.h"
#include "lu_text.h"
#include "timeline.h"
#include <sut.h>

#include "test_support.h"

namespace lu {
namespace {

std::string render(const Program &p) {
    RunOptions opt;
    std::string err;
    EXPECT_TRUE(sut::parse_bugs(p.bugs, &opt.bugs, &err)) << err;
    Timeline t;
    t.title = "a <title> & more";
    opt.timeline = &t;
    run_program(p, opt);
    return timeline_html(t);
}

size_t count(const std::string &s, const std::string &what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) n++;
    return n;
}

// The first tag of an SVG fragment that does not close in order, or "".
std::string unbalanced(const std::string &svg) {
    std::vector<std::string> open;
    for (size_t at = svg.find('<'); at != std::string::npos; at = svg.find('<', at + 1)) {
        const size_t end = svg.find('>', at);
        if (end == std::string::npos) return "unterminated tag";
        const std::string tag = svg.substr(at + 1, end - at - 1);
        if (tag.ends_with("/")) continue;
        const std::string name =
            tag.substr(tag[0] == '/', tag.find_first_of(" /", 1) - (tag[0] == '/'));
        if (tag[0] != '/') {
            open.push_back(name);
        } else if (open.empty() || open.back() != name) {
            return "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">";
        } else {
            open.pop_back();
        }
    }
    return open.empty() ? "" : "<" + open.back() + "> never closed";
}

bool valid_utf8(const std::string &s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (size_t k = 1; k < n; k++)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
        i += n;
    }
    return true;
}

Program corpus(const std::string &name) {
    ParseResult pr = parse_file(std::string(LU_CORPUS_DIR) + "/" + name);
    EXPECT_TRUE(pr) << pr.error.str();
    return pr ? *pr.program : Program{};
}

TEST(TimelineHtml, DrawsALanePerThreadAndMarksTheFailure) {
    const std::string h = render(corpus("0008-v2-put-under-lock.lu"));
    EXPECT_EQ(h.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(h.find(">steps</text>"), std::string::npos);
    EXPECT_NE(h.find(">thread t0</text>"), std::string::npos);
    EXPECT_NE(h.find(">thread t1</text>"), std::string::npos);
    EXPECT_EQ(h.find(">thread t2</text>"), std::string::npos);
    // The verdict: its signature on the flag and the line, its message.
    EXPECT_NE(h.find("\u2717 fatal-lock:dev_restore"), std::string::npos);
    EXPECT_NE(h.find("class=\"verdict bad\""), std::string::npos);
    EXPECT_NE(h.find("mutex &amp;obj-&gt;lock destroyed while held"), std::string::npos);
    EXPECT_EQ(count(h, "class=\"op thr err failed\""), 1u) << "t1's dev_restore, which died";
    EXPECT_EQ(count(h, "<tr class=\"failed\">"), 1u);
    EXPECT_NE(h.find("report fatalmark"), std::string::npos);
    // Op names on spans, mutexes by name, hover titles, the legend.
    EXPECT_NE(h.find(">\u2717 dev_restore(v0) \u2192 FATAL</text>"), std::string::npos);
    EXPECT_NE(h.find(">FLB lock</text>"), std::string::npos);
    EXPECT_NE(h.find(">v0 probe</text>"), std::string::npos);
    EXPECT_GT(count(h, "<title>"), 40u);
    EXPECT_NE(h.find("class=\"legend\""), std::string::npos);
    EXPECT_NE(h.find("<title>lu timeline: a &lt;title&gt; &amp; more</title>"), std::string::npos);
}

TEST(TimelineHtml, IsSelfContainedAndBalanced) {
    for (const char *name :
         {"0006-tail-read-before-lock.lu", "0007-refcount-outside-lock.lu",
          "0008-v2-put-under-lock.lu", "0009-no-lock.lu", "0002-v2-double-preserve.lu"}) {
        const std::string h = render(corpus(name));
        EXPECT_EQ(h.find("<script"), std::string::npos) << name;
        EXPECT_EQ(h.find("<link"), std::string::npos) << name;
        EXPECT_EQ(h.find("@import"), std::string::npos) << name;
        EXPECT_EQ(h.find("src="), std::string::npos) << name;
        EXPECT_EQ(h.find("href="), std::string::npos) << name;
        EXPECT_EQ(count(h, "http"), count(h, "xmlns=\"http://www.w3.org/2000/svg\"")) << name;
        EXPECT_TRUE(valid_utf8(h)) << name << ": labels are cut between characters";
        EXPECT_EQ(count(h, "<svg "), count(h, "</svg>")) << name;
        for (size_t at = h.find("<svg "); at != std::string::npos; at = h.find("<svg ", at + 1))
            EXPECT_EQ(unbalanced(h.substr(at, h.find("</svg>", at) + 6 - at)), "") << name;
    }
}

TEST(TimelineHtml, APassingSequentialProgramHasOnlyTheStepsLane) {
    const std::string h = render(test::must_parse(R"(# lu-repro v1
f0 = file_open()
d0 = domain_alloc(f0)
file_preserve(f0)  (fail: kho_alloc_preserve#3)
)"));
    EXPECT_NE(h.find(">steps</text>"), std::string::npos);
    EXPECT_EQ(h.find(">thread t0</text>"), std::string::npos);
    EXPECT_NE(h.find("\u2713 pass"), std::string::npos);
    EXPECT_EQ(count(h, " failed\""), 1u) << "the legend's swatch only";
    EXPECT_EQ(h.find("<tr class=\"failed\">"), std::string::npos);
    EXPECT_NE(h.find("\u2717 kho_alloc_preserve#3"), std::string::npos) << "the injected fault";
    EXPECT_NE(h.find("file_preserve(f0) \u2192 -ENOMEM"), std::string::npos);
}

} // namespace
} // namespace lu
