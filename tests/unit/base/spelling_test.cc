#include "codeless/base/spelling.h"

#include <gtest/gtest.h>

namespace codeless::base {
namespace {

TEST(SpellingTest, SuggestsTheClosePlausibleKey) {
  std::string_view keys[] = {"identifier", "name", "version", "shortVersion"};
  EXPECT_EQ(ClosestMatch("identifer", keys), "identifier");
  EXPECT_EQ(ClosestMatch("Version", keys), "version");
  EXPECT_EQ(ClosestMatch("shortversion", keys), "shortVersion");
  EXPECT_EQ(ClosestMatch("colour", keys), "");
}

TEST(SpellingTest, EditDistanceIgnoresCase) {
  EXPECT_EQ(EditDistance("VendorID", "vendorid"), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace codeless::base
