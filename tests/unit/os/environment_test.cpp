// current_environment, variable_value and without_variable.
#include "os/environment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace squashrun {
namespace {

bool contains(const std::vector<std::string>& entries, const std::string& entry) {
    return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

TEST(Environment, SnapshotOfThisProcess) {
    ASSERT_EQ(::setenv("SQUASHRUN_OS_TEST", "a value=with equals", 1), 0);
    auto entries = os::current_environment();
    EXPECT_TRUE(contains(entries, "SQUASHRUN_OS_TEST=a value=with equals"));
    ASSERT_EQ(::unsetenv("SQUASHRUN_OS_TEST"), 0);
    EXPECT_TRUE(contains(entries, "SQUASHRUN_OS_TEST=a value=with equals")) << "a copy";
    EXPECT_FALSE(contains(os::current_environment(), "SQUASHRUN_OS_TEST=a value=with equals"));
}

TEST(Environment, TheFirstEntryOfANameIsItsValue) {
    std::vector<std::string> entries = {"AB=2", "A=", "A=second", "B=A=3", "C"};
    EXPECT_EQ(os::variable_value(entries, "A"), "");
    EXPECT_EQ(os::variable_value(entries, "B"), "A=3");
    EXPECT_EQ(os::variable_value(entries, "AB"), "2");
    EXPECT_EQ(os::variable_value(entries, "C"), std::nullopt) << "no '=': no value";
    EXPECT_EQ(os::variable_value(entries, "Z"), std::nullopt);
}

TEST(Environment, SetReplacesTheFirstEntryInPlaceOrAppends) {
    std::vector<std::string> entries = {"B=1", "A=old", "NOEQUALS", "A=second", "AB=x"};
    os::set_variable(entries, "A", "new=value");
    EXPECT_EQ(entries,
              (std::vector<std::string>{"B=1", "A=new=value", "NOEQUALS", "A=second", "AB=x"}));
    os::set_variable(entries, "C", "");
    EXPECT_EQ(entries.back(), "C=");
    EXPECT_EQ(entries.size(), 6U);
}

TEST(Environment, WithoutRemovesExactlyThatName) {
    std::vector<std::string> entries = {"A=1", "AB=2", "B=A=3", "A=4", "A", "C="};
    EXPECT_EQ(os::without_variable(entries, "A"),
              (std::vector<std::string>{"AB=2", "B=A=3", "A", "C="}));
    EXPECT_EQ(os::without_variable(entries, "C"),
              (std::vector<std::string>{"A=1", "AB=2", "B=A=3", "A=4", "A"}));
    EXPECT_EQ(os::without_variable(entries, "Z"), entries);
}

}  // namespace
}  // namespace squashrun
