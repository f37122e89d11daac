// The APPRUN_ORIGINAL_* protocol: the runtime's and AppRun's records, and their undoing.
#include "core/apprun/host_record.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(HostRecord, HostValuesAreRememberedAndRestored) {
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

TEST(HostRecord, TheRuntimeRecordsWhatItSetsAndKeepsTheFirstOriginal) {
    core::Environment env = core::environment_from({"HOME=/home/me", "OWD=/same"});
    core::set_recorded(env, "HOME", "/app.home");
    core::set_recorded(env, "APPDIR", "/mnt/a");
    core::set_recorded(env, "OWD", "/same");
    EXPECT_EQ(env["HOME"], "/app.home");
    EXPECT_EQ(env["APPRUN_CHANGED_VARS"], "HOME:APPDIR") << "in the order set; OWD is unchanged";
    EXPECT_EQ(env["APPRUN_ORIGINAL_HOME"], "/home/me");
    EXPECT_EQ(env.count("APPRUN_ORIGINAL_APPDIR"), 0U) << "the host had no APPDIR";

    // A launch from inside the app: the listed variables keep the host's originals.
    core::set_recorded(env, "HOME", "/other.home");
    core::set_recorded(env, "APPDIR", "/mnt/b");
    EXPECT_EQ(env["APPRUN_CHANGED_VARS"], "HOME:APPDIR");
    EXPECT_EQ(env["APPRUN_ORIGINAL_HOME"], "/home/me");
    EXPECT_EQ(env.count("APPRUN_ORIGINAL_APPDIR"), 0U);
    EXPECT_EQ(core::host_environment(env), core::environment_from({"HOME=/home/me", "OWD=/same"}));
}

TEST(HostRecord, NothingChangedWritesNoRecord) {
    core::Environment env = core::environment_from({"A=1"});
    core::set_recorded(env, "A", "1");
    EXPECT_EQ(env, core::environment_from({"A=1"}));
    core::Environment empty_list = core::environment_from({"A=1", "APPRUN_CHANGED_VARS="});
    core::set_recorded(empty_list, "A", "1");
    EXPECT_EQ(empty_list.at("APPRUN_CHANGED_VARS"), "") << "a caller's empty list stays";
    core::set_recorded(empty_list, "B", "2");
    EXPECT_EQ(empty_list.at("APPRUN_CHANGED_VARS"), "B");

    core::Environment same = core::environment_from({"A=1", "APPRUN_LAUNCHED=1"});
    core::record_host_values(same, core::environment_from({"A=1"}));
    EXPECT_EQ(same.count("APPRUN_CHANGED_VARS"), 0U) << "APPRUN_* variables are not compared";
}

TEST(HostRecord, ReadsTheListAndRestoresIt) {
    core::Environment env = core::environment_from(
        {"APPRUN_CHANGED_VARS=::PATH::NEW:PATH", "APPRUN_ORIGINAL_PATH=/usr/bin",
         "APPRUN_ORIGINAL_UNLISTED=x", "PATH=/app/bin", "NEW=1", "UNLISTED=y"});
    core::HostRecord record = core::HostRecord::read(env);
    EXPECT_TRUE(record.lists("PATH"));
    EXPECT_TRUE(record.lists("NEW"));
    EXPECT_FALSE(record.lists("UNLISTED"));
    EXPECT_FALSE(record.lists(""));
    core::Environment restored = env;
    record.restore(restored);
    EXPECT_EQ(restored["PATH"], "/usr/bin");
    EXPECT_EQ(restored.count("NEW"), 0U);
    EXPECT_EQ(restored["UNLISTED"], "y");
    EXPECT_EQ(core::host_environment(env), core::environment_from({"PATH=/usr/bin", "UNLISTED=y"}));

    core::Environment written;
    record.write(written);
    EXPECT_EQ(written, core::environment_from(
                           {"APPRUN_CHANGED_VARS=PATH:NEW", "APPRUN_ORIGINAL_PATH=/usr/bin"}));
    core::Environment untouched = core::environment_from({"X=1"});
    core::HostRecord::read(untouched).write(untouched);
    EXPECT_EQ(untouched, core::environment_from({"X=1"}));
}

}  // namespace
}  // namespace squashrun
