// CStringArray: a NULL-terminated char* array over its own copies of the strings.
#include "os/c_strings.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

namespace squashrun {
namespace {

TEST(CStringArray, HoldsEachStringThenNull) {
    std::vector<std::string> strings = {"sh", "-c", "", "a b=c"};
    os::CStringArray array(strings);
    char** data = array.data();
    for (size_t i = 0; i < strings.size(); ++i) {
        ASSERT_NE(data[i], nullptr) << i;
        EXPECT_STREQ(data[i], strings[i].c_str());
        EXPECT_NE(data[i], strings[i].c_str()) << "the array owns copies";
    }
    EXPECT_EQ(data[strings.size()], nullptr);
}

TEST(CStringArray, EmptyIsJustNull) {
    os::CStringArray array({});
    ASSERT_NE(array.data(), nullptr);
    EXPECT_EQ(array.data()[0], nullptr);
}

TEST(CStringArray, OutlivesTheStringsItWasMadeFrom) {
    auto make = [] {
        std::vector<std::string> temporary = {std::string(100, 'x'), "second"};
        return std::make_unique<os::CStringArray>(std::move(temporary));
    };
    auto array = make();
    EXPECT_EQ(std::strlen(array->data()[0]), 100U);
    EXPECT_STREQ(array->data()[1], "second");
    EXPECT_EQ(array->data()[2], nullptr);
}

}  // namespace
}  // namespace squashrun
