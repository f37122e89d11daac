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

TEST(EnvPlan, HostValuesAreRememberedAndRestored) {
    core::Environment host =
        core::environment_from({"PATH=/usr/bin", "PYTHONPATH=/host/py", "HOME=/home/me"});
    core::Environment env = host;
    core::apply_env_op(env, core::EnvAction::prepend, "PATH", "/app/bin");
    core::apply_env_op(env, core::EnvAction::unset, "PYTHONPATH", "");
    core::apply_env_op(env, core::EnvAction::set, "APP_ONLY", "1");
    core::record_host_values(env, host);
    EXPECT_EQ(env["APPRUN_ORIGINAL_PATH"], "/usr/bin");
    EXPECT_EQ(env["APPRUN_ORIGINAL_PYTHONPATH"], "/host/py");
    EXPECT_EQ(env.count("APPRUN_ORIGINAL_APP_ONLY"), 0U);
    EXPECT_EQ(env.count("APPRUN_ORIGINAL_HOME"), 0U) << "unchanged variables are not listed";
    EXPECT_EQ(env["APPRUN_CHANGED_VARS"], "APP_ONLY:PATH:PYTHONPATH");
    EXPECT_EQ(core::host_environment(env), host);

    // A second launch from inside the first: it starts from the true host, and its record
    // replaces the first one's.
    core::Environment inner = env;
    core::Environment true_host = core::host_environment(inner);
    EXPECT_EQ(true_host, host);
    core::apply_env_op(inner, core::EnvAction::set, "INNER", "2");
    core::record_host_values(inner, true_host);
    EXPECT_EQ(inner["APPRUN_CHANGED_VARS"], "APP_ONLY:INNER:PATH:PYTHONPATH");
    EXPECT_EQ(inner["APPRUN_ORIGINAL_PATH"], "/usr/bin");
    inner["APPRUN_LAUNCHED"] = "1";
    EXPECT_EQ(core::host_environment(inner), host);
}

}  // namespace
}  // namespace squashrun
