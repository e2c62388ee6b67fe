// A ValueReader over a JSON text, for the unit tests of the descriptor
// reader's parts: it owns everything the reader works on and has read the
// document's first token, so a test hands `root` to the part under test.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "codeless/base/json_cursor.h"
#include "codeless/descriptor/value_reader.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/diag/render.h"
#include "codeless/model/origins.h"
#include "codeless/model/string_arena.h"

namespace codeless::descriptor {

class ReaderHarness {
 public:
  explicit ReaderHarness(std::string json)
      : file("d.json", std::move(json)),
        cursor(file.text()),
        reader(file, cursor, diags, origins, strings) {
    EXPECT_TRUE(cursor.Next(root)) << cursor.error().message;
  }
  ReaderHarness(const ReaderHarness&) = delete;
  ReaderHarness& operator=(const ReaderHarness&) = delete;

  // The diagnostics so far, rendered as the command line prints them.
  std::string Text() const { return diag::RenderText(diags.all()); }

  // "LINE:COLUMN" of `location`, or "whole file" / "nowhere".
  std::string Where(const diag::Location& location) const {
    if (location.file == nullptr) return "nowhere";
    if (location.offset == diag::Location::kNoOffset) return "whole file";
    diag::LineColumn position = file.Position(location.offset);
    return std::to_string(position.line) + ":" +
           std::to_string(position.column);
  }
  // "LINE:COLUMN" of the key or the value of origin `id`.
  std::string Where(model::OriginId id,
                    diag::Part part = diag::Part::kValue) const {
    return Where(origins.At(file, id, part));
  }

  // Calls `read(name, value)` for each member of the root object, with the
  // reader's path at that member; every key is accepted.
  template <typename Read>
  void EachMember(Read&& read) {
    reader.ReadAnyObject(root, std::forward<Read>(read));
  }

  diag::SourceFile file;
  base::JsonCursor cursor;
  diag::Diagnostics diags;
  model::Origins origins;
  model::StringArena strings;
  ValueReader reader;
  base::JsonToken root;
};

}  // namespace codeless::descriptor
