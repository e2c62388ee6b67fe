// Writes plists as XML in the subset that the kernel's parser accepts.
#pragma once

#include <string>

#include "codeless/plist/value.h"

namespace codeless::plist {

// The two header lines Apple's tools write, then <plist version="1.0">.
inline constexpr std::string_view kXmlHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\">\n";

// Serialises `root` as a whole plist document: UTF-8, LF line ends, tab
// indentation, dict keys in byte order, decimal integers, <data> as one
// line of Base64, empty containers as <dict/> and <array/>, and only the
// entities &lt; &gt; &amp;. The bytes depend on nothing but `root`.
// Strings must not hold control characters other than tab and LF (the
// descriptor reader refuses them), as XML 1.0 cannot carry them.
std::string WriteXml(const Value& root);

}  // namespace codeless::plist
