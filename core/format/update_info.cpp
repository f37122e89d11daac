// Checking update information strings field by field.
#include "core/format/update_info.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace squashrun::core {
namespace {

std::vector<std::string_view> split_fields(std::string_view text) {
    std::vector<std::string_view> fields;
    for (size_t start = 0;;) {
        size_t bar = text.find('|', start);
        fields.push_back(text.substr(start, bar - start));
        if (bar == std::string_view::npos) return fields;
        start = bar + 1;
    }
}

Status expect_fields(std::string_view transport, const std::vector<std::string_view>& fields,
                     size_t count, std::string_view shape) {
    if (fields.size() != count) {
        return make_error(std::string(transport) + " needs " + std::to_string(count - 1) +
                          (count == 2 ? " field" : " fields") + " after it: " + std::string(shape));
    }
    return {};
}

}  // namespace

Status check_update_information(std::string_view text) {
    if (text.size() > kUpdateInfoMax) {
        return make_error("longer than " + std::to_string(kUpdateInfoMax) + " bytes");
    }
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        return make_error("contains control characters");
    }
    auto fields = split_fields(text);
    std::string_view transport = fields[0];
    Status shape;
    if (transport == "zsync") {
        shape = expect_fields(transport, fields, 2, "zsync|https://example.org/App.AppImage.zsync");
        std::string_view url = shape ? fields[1] : std::string_view();
        size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
        if (shape && (scheme == 0 || url.size() == scheme || url[scheme] == '/')) {
            return make_error("zsync needs an http:// or https:// URL with a host");
        }
        if (shape && url.find(' ') != std::string_view::npos) {
            return make_error("zsync: the URL contains a space (write it as %20)");
        }
    } else if (transport == "gh-releases-zsync") {
        shape = expect_fields(transport, fields, 5,
                              "gh-releases-zsync|owner|repository|latest|App-*.AppImage.zsync");
        if (shape && !fields[4].ends_with(".zsync")) {
            return make_error("gh-releases-zsync: the file name must end in .zsync");
        }
    } else if (transport == "pling-v1-zsync") {
        shape = expect_fields(transport, fields, 3, "pling-v1-zsync|1234567|App-*.AppImage");
        if (shape && !std::all_of(fields[1].begin(), fields[1].end(),
                                  [](char c) { return c >= '0' && c <= '9'; })) {
            return make_error("pling-v1-zsync: the content id must be a number");
        }
    } else {
        return make_error("unknown transport '" + std::string(transport) +
                          "' (zsync, gh-releases-zsync or pling-v1-zsync)");
    }
    if (!shape) return shape;
    for (size_t i = 1; i < fields.size(); ++i) {
        if (fields[i].empty()) {
            return make_error(std::string(transport) + ": field " + std::to_string(i) +
                              " is empty");
        }
    }
    return {};
}

}  // namespace squashrun::core
