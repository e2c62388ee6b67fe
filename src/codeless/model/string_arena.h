// Storage for the strings of the model: copied end to end into chunks, so a
// string costs its bytes and no more, and views of it never move. A
// descriptor of 20,000 personalities holds some 60,000 of them.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace codeless::model {

class StringArena {
 public:
  StringArena() = default;
  StringArena(StringArena&&) = default;
  StringArena& operator=(StringArena&&) = default;

  // A copy of `text` that lives as long as the arena.
  std::string_view Copy(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > kChunk / 4) {
      chunks_.push_back(std::make_unique<char[]>(text.size()));
      std::memcpy(chunks_.back().get(), text.data(), text.size());
      return {chunks_.back().get(), text.size()};
    }
    if (current_ == nullptr || kChunk - used_ < text.size()) {
      chunks_.push_back(std::make_unique<char[]>(kChunk));
      current_ = chunks_.back().get();
      used_ = 0;
    }
    char* out = current_ + used_;
    std::memcpy(out, text.data(), text.size());
    used_ += text.size();
    return {out, text.size()};
  }

 private:
  // Below the size at which malloc maps memory of its own, so chunks reuse
  // freed memory and are reused in turn.
  static constexpr size_t kChunk = 16384;
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* current_ = nullptr;
  size_t used_ = 0;
};

}  // namespace codeless::model
