// The one rule for where temporary files go.
#pragma once

#include <string>
#include <string_view>

namespace squashrun::os {

// `tmpdir` (the value of $TMPDIR) when it is an absolute path, else "/tmp": what is made
// there must not depend on the working directory.
inline std::string temp_root(std::string_view tmpdir) {
    return tmpdir.starts_with('/') ? std::string(tmpdir) : std::string("/tmp");
}

}  // namespace squashrun::os
