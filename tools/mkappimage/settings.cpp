// Settings from the environment entries: temporary root, PATH, epoch, the tools' environment.
#include "settings.hpp"

#include "os/environment.hpp"
#include "os/executable.hpp"
#include "os/temp_root.hpp"

namespace squashrun::mkappimage {

Settings read_settings(const std::vector<std::string>& environment) {
    Settings settings;
    settings.temp_root = os::temp_root(os::variable_value(environment, "TMPDIR").value_or(""));
    settings.path = os::variable_value(environment, "PATH").value_or(os::kDefaultPath);
    settings.source_date_epoch = os::variable_value(environment, "SOURCE_DATE_EPOCH").value_or("");
    settings.tool_environment = os::without_variable(environment, "SOURCE_DATE_EPOCH");
    return settings;
}

}  // namespace squashrun::mkappimage
