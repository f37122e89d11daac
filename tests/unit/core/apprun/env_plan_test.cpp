// The environment plan: directives, path lists, and the host values kept for children.
#include "core/apprun/env_plan.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(EnvPlan, DirectivesAndPathLists) {
    core::Environment env = core::environment_from({"PATH=/usr/bin:/bin", "EMPTY=", "GONE=x"});
    core::apply_env_op(env, core::EnvAction::prepend, "PATH", "/app/bin:/usr/bin");
    EXPECT_EQ(env["PATH"], "/app/bin:/usr/bin:/bin") << "no duplicate entries";
    core::apply_env_op(env, core::EnvAction::append, "PATH", "/opt/bin::/bin");
    EXPECT_EQ(env["PATH"], "/app/bin:/usr/bin:/bin:/opt/bin");
    core::apply_env_op(env, core::EnvAction::append, "NEW_LIST", "/a");
    EXPECT_EQ(env["NEW_LIST"], "/a");
    core::apply_env_op(env, core::EnvAction::set_default, "EMPTY", "filled");
    core::apply_env_op(env, core::EnvAction::set_default, "PATH", "/ignored");
    EXPECT_EQ(env["EMPTY"], "filled");
    EXPECT_EQ(env["PATH"], "/app/bin:/usr/bin:/bin:/opt/bin");
    core::apply_env_op(env, core::EnvAction::unset, "GONE", "");
    EXPECT_EQ(env.count("GONE"), 0U);
    core::apply_env_op(env, core::EnvAction::set, "A", "x=y");
    EXPECT_EQ(core::environment_entries(env).front(), "A=x=y");
}

}  // namespace
}  // namespace squashrun
