// python-appimage's recipe templates: {{ name }} replaced by its value, as python-appimage's
// `build app` does for entrypoint.sh, the desktop file and the AppStream file.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::core {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

// Every "{{", optional spaces, a name of characters other than braces and spaces, optional
// spaces, "}}" is replaced by the name's value; other text is kept as it is. A name without a
// value is an error, "line N: unknown template variable {{ NAME }}" (python-appimage would
// leave the bare name in the file).
Result<std::string> render_template(std::string_view text, const TemplateValues& values);

}  // namespace squashrun::core
