// system_profiler's USB reports, as JSON (`system_profiler -json
// SPUSBDataType`) or XML (`-xml`, and whole-system `.spx` profiles, whose
// USB sections are read). Both forms are the same tree: a data type's
// "_items", each a bus (a host controller) holding devices in "_items".
// Each form is turned into registry values first (JSON through FromJson,
// XML through the project's plist reader and ToValue), and one walk
// (AddItems) builds the registry from them, so the two forms give the same
// registry for the same report.
//
// The device keys by schema: before macOS 26, vendor_id, product_id,
// bcd_device and location_id (OS X 10.7's reports prefix them for sorting:
// b_vendor_id, a_product_id, c_bcd_device, g_location_id); macOS 26's
// SPUSBHostDataType, USBDeviceKeyVendorID, ...ProductID, ...ProductVersion
// and USBKeyLocationID. Each bus becomes an entry of its host controller's
// class, each device an IOUSBHostDevice with idVendor, idProduct,
// bcdDevice and locationID as integers, and every other key as the report
// types it. system_profiler shows no interfaces and no device class, so
// only the idVendor/idProduct tiers can match here.
#include <fmt/format.h>

#include <charconv>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "codeless/base/json_cursor.h"
#include "codeless/diag/rules.h"
#include "codeless/match/dump.h"
#include "codeless/match/plist_values.h"
#include "codeless/validate/kernel_xml.h"

namespace codeless::match {
namespace {

namespace rules = diag::rules;
// ordered_json keeps the report's key order, as the XML form does.
using json = nlohmann::ordered_json;

bool IsUsbDataType(std::string_view type) {
  return type == "SPUSBDataType" || type == "SPUSBHostDataType";
}

// JSON as registry values: numbers that are whole and not negative as
// integers, other numbers as their text (kOther), null as kOther "null".
Value FromJson(const json& j) {
  Value v;
  switch (j.type()) {
    case json::value_t::string:
      return Value::String(j.get<std::string>());
    case json::value_t::number_unsigned:
      return Value::Integer(j.get<uint64_t>());
    case json::value_t::number_integer:
      return Value::Integer(static_cast<uint64_t>(j.get<int64_t>()));
    case json::value_t::boolean:
      return Value::Bool(j.get<bool>());
    case json::value_t::array:
      v.kind = Value::Kind::kArray;
      for (const json& item : j) v.items.push_back(FromJson(item));
      return v;
    case json::value_t::object:
      v.kind = Value::Kind::kDict;
      for (const auto& [key, value] : j.items()) {
        v.entries.emplace_back(key, FromJson(value));
      }
      return v;
    default:
      v.kind = Value::Kind::kOther;
      v.text = j.dump();
      return v;
  }
}

std::string_view Trim(std::string_view text) {
  size_t start = text.find_first_not_of(' ');
  if (start == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(' ');
  return text.substr(start, end - start + 1);
}

// The first of `keys` that `item` holds as a string, trimmed ("c_bcd_device"
// is " 0.10" in 10.7's reports), or "".
std::string_view Text(const Value& item,
                      std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const Value* v = item.Find(key);
    if (v != nullptr && v->kind == Value::Kind::kString) return Trim(v->text);
  }
  return {};
}

// "0x0bda  (Realtek Semiconductor Corp.)", "0x5411", "apple_vendor_id".
std::optional<uint64_t> Hex(std::string_view text) {
  if (text == "apple_vendor_id") return 0x05ac;
  if (text.starts_with("0x")) text.remove_prefix(2);
  uint64_t n = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), n, 16);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return n;
}

// bcd_device "1.17" is 0x0117, "9b.00" 0x9b00, "b.b3" 0x0bb3.
std::optional<uint64_t> Bcd(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return Hex(text);
  auto major = Hex(text.substr(0, dot));
  auto minor = Hex(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return *major << 8 | *minor;
}

// The registry entries of one "_items" array (buses, or the devices under
// a bus or hub) and of all the items below them.
void AddItems(const Value& items, int parent, Registry& registry) {
  if (items.kind != Value::Kind::kArray) return;
  for (const Value& item : items.items) {
    if (item.kind != Value::Kind::kDict) continue;
    Entry entry;
    entry.parent = parent;
    std::string_view vendor =
        Text(item, {"vendor_id", "b_vendor_id", "USBDeviceKeyVendorID"});
    std::string_view product =
        Text(item, {"product_id", "a_product_id", "USBDeviceKeyProductID"});
    std::string_view location =
        Text(item, {"location_id", "g_location_id", "USBKeyLocationID"});
    location = location.substr(0, location.find(' '));  // "0x... / 6"
    if (location.starts_with("0x")) location.remove_prefix(2);
    entry.location = std::string(location);
    entry.name = std::string(Text(item, {"_name"}));
    if (!location.empty()) entry.name += "@" + entry.location;
    if (!vendor.empty() || !product.empty()) {
      entry.class_name = "IOUSBHostDevice";
      if (auto v = Hex(vendor)) {
        entry.properties.emplace_back("idVendor", Value::Integer(*v));
      }
      if (auto p = Hex(product)) {
        entry.properties.emplace_back("idProduct", Value::Integer(*p));
      }
      std::string_view release = Text(item, {"bcd_device", "c_bcd_device"});
      auto bcd = release.empty()
                     ? Hex(Text(item, {"USBDeviceKeyProductVersion"}))
                     : Bcd(release);
      if (bcd) entry.properties.emplace_back("bcdDevice", Value::Integer(*bcd));
      if (auto l = Hex(location)) {
        entry.properties.emplace_back("locationID", Value::Integer(*l));
      }
    } else {
      std::string_view controller = Text(item, {"host_controller", "Driver"});
      entry.class_name =
          controller.empty() ? "IOUSBHostController" : std::string(controller);
    }
    for (const auto& [key, value] : item.entries) {
      if (key != "_items") entry.properties.emplace_back(key, value);
    }
    int index = static_cast<int>(registry.entries.size());
    if (parent >= 0) registry.entries[parent].children.push_back(index);
    registry.entries.push_back(std::move(entry));
    if (const Value* children = item.Find("_items")) {
      AddItems(*children, index, registry);
    }
  }
}

// A registry with a root above the buses, as ioreg has one.
Registry StartRegistry(std::string format) {
  Registry registry;
  registry.format = std::move(format);
  Entry root;
  root.name = "Root";
  root.class_name = "IORegistryEntry";
  registry.entries.push_back(std::move(root));
  return registry;
}

}  // namespace

std::optional<Registry> ReadSystemProfilerJson(const diag::SourceFile& file,
                                               diag::Diagnostics& diags) {
  json document = json::parse(file.text(), nullptr, false);
  if (document.is_discarded()) {
    // nlohmann's reader says neither where nor why without exceptions; the
    // located reader of descriptors walks the text to say both. It refuses
    // a byte-order mark, which nlohmann skips, so it starts after one; its
    // depth limit, which nlohmann lacks, is no syntax error to report.
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    const size_t start = file.text().starts_with(kBom) ? kBom.size() : 0;
    base::JsonCursor cursor(std::string_view(file.text()).substr(start));
    base::JsonToken token;
    if (cursor.Next(token) && cursor.Skip(token)) cursor.Finish();
    const bool located = cursor.failed() && !cursor.error().complete;
    diags.Error(
        rules::kDumpSyntax,
        diag::Location::At(file, located ? start + cursor.error().offset : 0),
        fmt::format("system_profiler JSON that does not parse{}{}; "
                    "save it again with 'system_profiler -json "
                    "SPUSBDataType'",
                    located ? ": " : "",
                    located ? cursor.error().message : ""));
    return std::nullopt;
  }
  if (!document.is_object()) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, 0),
                "system_profiler JSON is one object of data types; save it "
                "again with 'system_profiler -json SPUSBDataType'");
    return std::nullopt;
  }
  Registry registry = StartRegistry("system_profiler JSON");
  for (const char* type : {"SPUSBDataType", "SPUSBHostDataType"}) {
    if (auto it = document.find(type); it != document.end()) {
      AddItems(FromJson(*it), 0, registry);
    }
  }
  if (registry.entries.size() == 1) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, 0),
                "system_profiler JSON without SPUSBDataType or "
                "SPUSBHostDataType items; save it with 'system_profiler "
                "-json SPUSBDataType'");
    return std::nullopt;
  }
  return registry;
}

std::optional<Registry> ReadSystemProfilerXml(const diag::SourceFile& file,
                                              diag::Diagnostics& diags) {
  // The kernel's grammar, which the project's reader follows, has no <real>
  // or <date>; system_profiler writes both (_SPCompletionInterval,
  // _timeStamp, never a USB key). The reader reports them and reads on
  // without them, so its findings are kept only when no tree came out.
  diag::Diagnostics scratch;
  auto document = validate::ParsePlist(file, scratch);
  if (!document) {
    diags.AdoptAll(scratch);
    return std::nullopt;
  }
  const validate::Node& root = document->root();
  if (!root.is_array()) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, root.offset),
                "system_profiler XML is an <array> of data types; save it "
                "again with 'system_profiler -xml SPUSBDataType > usb.plist'");
    return std::nullopt;
  }
  Registry registry = StartRegistry("system_profiler XML");
  bool usb_section = false;
  size_t sections = 0;
  for (const validate::Node& section : root.children()) {
    if (!section.is_dict()) continue;
    ++sections;
    const validate::Node* type = section.FindString("_dataType");
    if (type == nullptr || !IsUsbDataType(type->text())) continue;
    usb_section = true;
    if (const validate::Node* items = section.Find("_items")) {
      AddItems(ToValue(*items), 0, registry);
    }
  }
  if (!usb_section) {
    diags.Error(
        rules::kDumpSyntax, diag::Location::At(file, root.offset),
        fmt::format("a system profile without a USB section (none of its {} "
                    "data types is SPUSBDataType or SPUSBHostDataType); save "
                    "one with 'system_profiler -xml SPUSBDataType > usb.plist'",
                    sections));
    return std::nullopt;
  }
  if (registry.entries.size() == 1) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, root.offset),
                "the USB section of this system profile lists no bus or "
                "device; save it again with 'system_profiler -xml "
                "SPUSBDataType > usb.plist' while the devices are connected");
    return std::nullopt;
  }
  return registry;
}

}  // namespace codeless::match
