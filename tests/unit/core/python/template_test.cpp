// python-appimage's {{ name }} templates: spacing, unknown names with their line, and text
// that only looks like a placeholder.
#include "core/python/template.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

const core::TemplateValues kValues = {
    {"python-executable", "${APPDIR}/usr/bin/python3.11"},
    {"python-version", "3.11"},
    {"architecture", "x86_64"},
};

TEST(Template, ReplacesEveryPlaceholder) {
    auto out = core::render_template(
        "#! /bin/bash\n{{ python-executable }} -I -m app \"$@\"\n"
        "{{python-version}}|{{   architecture }}|{{ python-version}}\n",
        kValues);
    ASSERT_TRUE(out) << out.message();
    EXPECT_EQ(*out,
              "#! /bin/bash\n${APPDIR}/usr/bin/python3.11 -I -m app \"$@\"\n3.11|x86_64|3.11\n");
}

TEST(Template, LeavesWhatIsNoPlaceholder) {
    for (const char* text : {"{{}}", "{{ }}", "{{ a b }}", "{ {x} }", "${APPDIR}", "{{x", "}}",
                             "{{ architecture }", "plain"}) {
        auto out = core::render_template(text, kValues);
        ASSERT_TRUE(out) << text << ": " << out.message();
        EXPECT_EQ(*out, text);
    }
    auto nested = core::render_template("{{{ architecture }}}", kValues);
    ASSERT_TRUE(nested);
    EXPECT_EQ(*nested, "{x86_64}");
}

TEST(Template, AnUnknownNameIsAnErrorWithItsLine) {
    auto out =
        core::render_template("line one\n\n{{ python-version }} {{ pyhton-tag }}\n", kValues);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.message(), "line 3: unknown template variable {{ pyhton-tag }}");
}

}  // namespace
}  // namespace squashrun
