// core::markup_escape: the five entities, the control bytes XML 1.0 forbids, UTF-8 untouched.
#include "reckon/core/markup.hpp"

#include <gtest/gtest.h>

namespace reckon::core {
namespace {

TEST(MarkupEscape, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(markup_escape(R"(<a href="x">Tom & Jerry's</a>)"),
              "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
}

TEST(MarkupEscape, DropsControlBytesXmlForbidsAndKeepsUtf8) {
    EXPECT_EQ(markup_escape("a\x01\x1b[31mb\tc\nd\re"), "a[31mb\tc\nd\re");
    EXPECT_EQ(markup_escape("Елабуга — 55°"), "Елабуга — 55°");
    EXPECT_EQ(markup_escape(""), "");
}

}  // namespace
}  // namespace reckon::core
