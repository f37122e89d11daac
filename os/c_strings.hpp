// A NULL-terminated char* array (argv, envp for exec and spawn) that owns its strings.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace squashrun::os {

class CStringArray {
  public:
    explicit CStringArray(std::vector<std::string> strings) : strings_(std::move(strings)) {
        pointers_.reserve(strings_.size() + 1);
        for (auto& s : strings_)
            pointers_.push_back(s.data());
        pointers_.push_back(nullptr);
    }
    CStringArray(const CStringArray&) = delete;
    CStringArray& operator=(const CStringArray&) = delete;
    char** data() { return pointers_.data(); }

  private:
    std::vector<std::string> strings_;
    std::vector<char*> pointers_;
};

}  // namespace squashrun::os
