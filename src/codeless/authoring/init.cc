#include "codeless/authoring/init.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "codeless/base/base64.h"

namespace codeless::authoring {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUrl =
    "https://codeless.invalid/schemas/descriptor-v1.json";
// bundle.name and the last label of the bundle identifier: a letter, then
// letters and digits, so that it is also a usable start of a C++ class name
// and a reverse-DNS label. 40 characters keep "com.example.driver.NAME"
// and "NAME.kext" well under the 63-character identifier limit.
constexpr size_t kMaxNameLength = 40;

std::string_view DefaultName(StarterKind kind) {
  switch (kind) {
    case StarterKind::kUsb:
      return "MySerialAdapter";
    case StarterKind::kPci:
      return "MyXHCIController";
    case StarterKind::kHid:
      return "MyMouse";
    case StarterKind::kPortMap:
      return "MyUSBMap";
    case StarterKind::kNull:
      return "MyNullDriver";
  }
  return "";
}

bool IsAsciiLetter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
int HexDigit(char c) {
  if (IsAsciiDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A --vendor/--product value: 0x hex, 16 bits. As in the descriptor
// (desc-id-string), a bare "0483" is refused: tools print IDs in hex
// without 0x, so it could be either base.
std::optional<uint16_t> ParseId(std::string_view flag, std::string_view text,
                                std::string& error) {
  bool prefixed =
      text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (!prefixed) {
    // Both readings of the digits, where they fit in 16 bits: the hex one
    // (what tools print) and the decimal one.
    bool digits = !text.empty();  // hex digits, as IDs are printed
    bool decimal = !text.empty() && text.size() <= 5;
    uint32_t decimal_value = 0;
    for (char c : text) {
      digits = digits && HexDigit(c) >= 0;
      decimal = decimal && c >= '0' && c <= '9';
      if (decimal) decimal_value = decimal_value * 10 + (c - '0');
    }
    const bool hex = digits && text.size() <= 4;
    decimal = decimal && decimal_value <= 0xFFFF;
    std::string as_decimal = fmt::format(
        "\"0x{:04x}\" if you meant the decimal {}", decimal_value, text);
    if (hex) {
      error = fmt::format(
          "{} \"{}\" is not 0x hex: IDs are printed in hex, often without "
          "0x, so write \"0x{}\"{}",
          flag, text, text, decimal ? ", or " + as_decimal : "");
    } else if (decimal) {
      error = fmt::format("{} \"{}\" is not 0x hex; write {}", flag, text,
                          as_decimal);
    } else {
      error =
          fmt::format("{} \"{}\" is not {}; write it as 0x hex, e.g. 0x05ac",
                      flag, text, digits ? "a 16-bit ID" : "an ID");
    }
    return std::nullopt;
  }
  uint32_t value = 0;
  for (char c : text.substr(2)) {
    int digit = HexDigit(c);
    if (digit < 0) {
      error = fmt::format("{} \"{}\" is not 0x hex; write it as e.g. 0x05ac",
                          flag, text);
      return std::nullopt;
    }
    value = value * 16 + static_cast<uint32_t>(digit);
    if (value > 0xFFFF) {
      error = fmt::format(
          "{} \"{}\" is outside the range of a 16-bit ID "
          "(0x0000 to 0xffff)",
          flag, text);
      return std::nullopt;
    }
  }
  return static_cast<uint16_t>(value);
}

// The starter as text: 2-space indent like examples/, with an object or
// array that holds only scalars on one line when it fits ("match": {...},
// "targets": ["kext"], {"$data": ...}), everything else one member a line.
constexpr size_t kInlineWidth = 100;

bool HoldsOnlyScalars(const Json& value) {
  for (const Json& member : value) {
    if (member.is_structured()) return false;
  }
  return true;
}

std::string Inline(const Json& value) {
  std::string out;
  if (value.is_object()) {
    out += "{ ";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      out += Json(it.key()).dump() + ": " + it.value().dump();
    }
    out += " }";
  } else {
    out += "[";
    bool first = true;
    for (const Json& member : value) {
      if (!first) out += ", ";
      first = false;
      out += member.dump();
    }
    out += "]";
  }
  return out;
}

void Write(const Json& value, size_t indent, size_t column, std::string& out) {
  if (!value.is_structured()) {
    out += value.dump();
    return;
  }
  if (value.empty()) {
    out += value.is_object() ? "{}" : "[]";
    return;
  }
  if (HoldsOnlyScalars(value)) {
    std::string line = Inline(value);
    if (column + line.size() <= kInlineWidth) {
      out += line;
      return;
    }
  }
  std::string inner(indent + 2, ' ');
  out += value.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out += inner;
    size_t start = out.size() - inner.size();
    if (value.is_object()) out += Json(it.key()).dump() + ": ";
    Write(it.value(), indent + 2, out.size() - start, out);
  }
  out += "\n" + std::string(indent, ' ') + (value.is_object() ? "}" : "]");
}

std::string Hex(uint16_t id) { return fmt::format("0x{:04x}", id); }

// What every starter shares, and what each kind fills in.
struct Starter {
  std::string name;
  std::string identifier;
  bool kext = false;
  bool dext = false;
  std::string vendor;   // "0x1209"
  std::string product;  // "0x0001"
  bool placeholder_vendor = false;
  bool placeholder_product = false;
};

std::string DextClass(std::string_view name) {
  std::string class_name(name);
  constexpr std::string_view kSuffix = "Driver";
  if (class_name.size() < kSuffix.size() ||
      class_name.compare(class_name.size() - kSuffix.size(), kSuffix.size(),
                         kSuffix) != 0) {
    class_name += kSuffix;
  }
  return class_name;
}

Json Bundle(const Starter& s, std::string_view usage) {
  Json bundle;
  bundle["$comment"] =
      "identifier: your own reverse-DNS name (com.example is a placeholder); "
      "name: the output's file name; version: Apple's kext version grammar "
      "(1.0.0, 1.2.3b4). Optional keys: shortVersion, copyright, "
      "developmentRegion, bundleName (see `codeless schema`).";
  bundle["identifier"] = s.identifier;
  bundle["name"] = s.name;
  bundle["version"] = "1.0.0";
  if (s.dext) bundle["usageDescription"] = std::string(usage);
  return bundle;
}

Json KextSection(const Starter& s, Json driver, std::string_view comment) {
  Json kext;
  kext["$comment"] = std::string(comment);
  // macOS holds kexts and dexts in one table keyed by bundle identifier, so
  // a descriptor that makes both gives the kext its own
  // (desc-shared-identifier).
  if (s.dext) kext["identifier"] = s.identifier + ".kext";
  kext["driver"] = std::move(driver);
  return kext;
}

Json DextSection(const Starter& s, std::string_view superclass,
                 std::string_view comment) {
  Json dext;
  dext["$comment"] = std::string(comment);
  dext["class"] = DextClass(s.name);
  dext["superclass"] = std::string(superclass);
  dext["minimumDriverKitVersion"] = "20.0";
  return dext;
}

std::string IdsComment(const Starter& s, std::string_view where) {
  if (!s.placeholder_vendor && !s.placeholder_product) {
    return fmt::format("IDs from --vendor/--product; check them with {}.",
                       where);
  }
  std::string which =
      s.placeholder_vendor && s.placeholder_product
          ? fmt::format("IDs {} and {} are", s.vendor, s.product)
      : s.placeholder_vendor ? fmt::format("vendor ID {} is", s.vendor)
                             : fmt::format("product ID {} is", s.product);
  return fmt::format(
      "PLACEHOLDER: the {} not your device's: put in its own (see {}), or "
      "run `codeless init --vendor 0x.... --product 0x....`.",
      which, where);
}

// What a kind says in the sections every starter has.
struct Sections {
  std::string comment;     // the descriptor's own $comment
  std::string_view usage;  // bundle.usageDescription (dext only)
  Json kext_driver;
  std::string_view kext_comment;
  std::string_view dext_superclass;
  std::string_view dext_comment;
};

// A starter's top level: "$schema" first, where editors look for it, then
// the comment, the format, the bundle and the sections of its targets.
Json Top(const Starter& s, Sections sections) {
  Json root;
  root["$schema"] = std::string(kSchemaUrl);
  root["$comment"] = std::move(sections.comment);
  root["formatVersion"] = 1;
  root["bundle"] = Bundle(s, sections.usage);
  if (s.kext) {
    root["kext"] =
        KextSection(s, std::move(sections.kext_driver), sections.kext_comment);
  }
  if (s.dext) {
    root["dext"] =
        DextSection(s, sections.dext_superclass, sections.dext_comment);
  }
  return root;
}

void AddTargets(Json& personality, std::string_view target) {
  personality["targets"] = Json::array({std::string(target)});
}

Json UsbStarter(const Starter& s) {
  Json root = Top(
      s,
      {.comment = fmt::format(
           "Starter descriptor from `codeless init --kind usb`: a USB serial "
           "adapter whose CDC ACM interfaces report a class Apple's "
           "personalities do not match (often vendor-specific), bound to "
           "Apple's built-in ACM driver by a codeless kext{}. Edit the "
           "values, then run `codeless generate` on this file.",
           s.dext ? "; a codeless dext cannot be a serial driver "
                    "(IOUserUSBSerial needs code), so the dext claims the "
                    "control interface for your own app instead: keep the "
                    "target you ship"
                  : ""),
       .usage = "Reserves the serial adapter's interface for the vendor's app.",
       .kext_driver = "AppleUSBACMData",
       .kext_comment =
           "The default driver of every kext personality: Apple's CDC ACM "
           "data driver (`codeless catalog` lists the classes codeless "
           "knows).",
       .dext_superclass = "IOService",
       .dext_comment =
           "An empty subclass of DriverKit's IOService: claims the interface "
           "so no other driver takes it; your app opens it through "
           "IOUSBHost."});
  Json personalities = Json::array();
  std::string ids = IdsComment(s, "`ioreg -p IOUSB -l` or System Information");
  if (s.kext) {
    Json control;
    control["name"] = s.name + " (control)";
    control["$comment"] =
        "The communication (control) interface, on Apple's ACM control "
        "driver. " +
        ids + " Set bInterfaceNumber to your device's interface numbers.";
    control["provider"] = "IOUSBHostInterface";
    control["driver"] = "AppleUSBACMControl";
    control["match"] = {{"idVendor", s.vendor},
                        {"idProduct", s.product},
                        {"bConfigurationValue", 1},
                        {"bInterfaceNumber", 0}};
    if (s.dext) AddTargets(control, "kext");
    personalities.push_back(std::move(control));
    Json data;
    data["name"] = s.name + " (data)";
    data["$comment"] =
        "The data interface, which publishes /dev/cu.*; uses kext.driver.";
    data["provider"] = "IOUSBHostInterface";
    data["match"] = {{"idVendor", s.vendor},
                     {"idProduct", s.product},
                     {"bConfigurationValue", 1},
                     {"bInterfaceNumber", 1}};
    if (s.dext) AddTargets(data, "kext");
    personalities.push_back(std::move(data));
  }
  if (s.dext) {
    Json claim;
    claim["name"] = s.name;
    claim["$comment"] =
        "The dext's claim of the control interface. " + ids +
        " The dext's transport.usb entitlement is derived from idVendor; "
        "Apple grants it for your own vendor ID only.";
    claim["provider"] = "IOUSBHostInterface";
    claim["match"] = {{"idVendor", s.vendor},
                      {"idProduct", s.product},
                      {"bConfigurationValue", 1},
                      {"bInterfaceNumber", 0}};
    if (s.kext) AddTargets(claim, "dext");
    personalities.push_back(std::move(claim));
  }
  root["personalities"] = std::move(personalities);
  return root;
}

Json PciStarter(const Starter& s) {
  Json root = Top(
      s,
      {.comment = fmt::format(
           "Starter descriptor from `codeless init --kind pci`: an xHCI (USB "
           "3) controller that Apple's built-in xHCI driver supports but its "
           "own personalities do not list{}. Edit the values, then run "
           "`codeless generate` on this file.",
           s.kext && s.dext
               ? "; the kext binds Apple's driver to it, the dext instead "
                 "claims the device for your own app: keep the target you "
                 "ship"
           : s.dext ? "; the dext claims the device for your own app"
                    : ", bound to that driver by a codeless kext"),
       .usage = "Claims the PCI device so the vendor's app can use it.",
       .kext_driver = "AppleUSBXHCIPCI",
       .kext_comment =
           "The Apple driver the device is bound to: here the generic xHCI "
           "PCI driver; `codeless catalog` lists the PCI classes (AHCI, "
           "NVMe, network, ...) codeless knows.",
       .dext_superclass = "IOService",
       .dext_comment = "An empty subclass of DriverKit's IOService: claims "
                       "the PCI function so no other driver takes it."});
  Json personality;
  personality["name"] = s.name;
  personality["$comment"] =
      IdsComment(s, "`lspci -nn` or System Information > PCI") +
      " The structured IOPCIPrimaryMatch puts the device ID in the high half "
      "of the match value, so the two cannot be swapped; add entries for "
      "more devices, or a deviceMask for a family of them.";
  personality["provider"] = "IOPCIDevice";
  Json entry;
  entry["vendor"] = s.vendor;
  entry["device"] = s.product;
  personality["match"] = {{"IOPCIPrimaryMatch", Json::array({entry})},
                          {"IOPCITunnelCompatible", true}};
  root["personalities"] = Json::array({personality});
  return root;
}

Json HidStarter(const Starter& s) {
  Json root = Top(
      s,
      {.comment =
           "Starter descriptor from `codeless init --kind hid`: a mouse on "
           "Apple's HID event driver, as a codeless kext (IOHIDEventDriver) "
           "and/or a codeless dext (IOUserHIDEventDriver, whose generated "
           "Start registers the service). Edit the values, then run "
           "`codeless generate` on this file.",
       .usage =
           "Lets the mouse use Apple's HID event driver with its own settings.",
       .kext_driver = "IOHIDEventDriver",
       .kext_comment = "Apple's generic HID event driver.",
       .dext_superclass = "IOUserHIDEventDriver",
       .dext_comment = "HIDDriverKit's event driver: pointer, keyboard and "
                       "digitizer events from the device's reports."});
  Json personality;
  personality["name"] = s.name;
  personality["$comment"] =
      IdsComment(s, "`ioreg -l -r -c IOHIDInterface` or System Information") +
      " PrimaryUsagePage 1 / PrimaryUsage 2 is a mouse (6 is a keyboard).";
  personality["provider"] = "IOHIDInterface";
  personality["match"] = {{"VendorID", s.vendor},
                          {"ProductID", s.product},
                          {"PrimaryUsagePage", 1},
                          {"PrimaryUsage", 2}};
  root["personalities"] = Json::array({personality});
  return root;
}

// A port number as 4-byte little-endian <data>.
Json PortData(uint8_t port) {
  const char bytes[4] = {static_cast<char>(port), 0, 0, 0};
  return {{"$data", base::Base64Encode(std::string_view(bytes, 4))}};
}

Json PortMapStarter(const Starter& s) {
  Json root = Top(
      s,
      {.comment =
           "Starter descriptor from `codeless init --kind port-map`: a USB "
           "port map in the style of USBToolBox/USBMap. Apple's "
           "AppleUSBHostMergeProperties merges IOProviderMergeProperties into "
           "the xHCI controller under the PCI device at pcidebug 0:20:0, so "
           "macOS sees only the listed ports. Change the location (or match "
           "IONameMatch \"XHC\") and list your ports, then run `codeless "
           "generate` on this file.",
       .usage = {},  // a kext only: no dext's usage, superclass or comment
       .kext_driver = "AppleUSBHostMergeProperties",
       .kext_comment = "Apple's property merger; OSBundleRequired Root loads "
                       "the map before the root volume mounts.",
       .dext_superclass = {},
       .dext_comment = {}});
  root["kext"]["bundleRequired"] = "Root";
  Json ports;
  struct Port {
    const char* name;
    uint8_t number;
    int connector;
    const char* comment;
  };
  static constexpr Port kPorts[] = {
      {"HS01", 1, 3, "USB 2 lines of the first USB 3 Type-A port."},
      {"HS10", 10, 255, "An internal port, e.g. the Bluetooth module."},
      {"SS01", 17, 3, "USB 3 lines of the first Type-A port."},
  };
  for (const Port& port : kPorts) {
    Json entry;
    entry["$comment"] = port.comment;
    entry["port"] = PortData(port.number);
    entry["UsbConnector"] = port.connector;
    ports[port.name] = std::move(entry);
  }
  Json merge;
  merge["$comment"] =
      "Each port's 'port' is its number as 4-byte little-endian data "
      "(EQAAAA== is 17); UsbConnector 0 = USB 2 Type-A, 3 = USB 3 Type-A, "
      "9 = Type-C, 255 = internal. 'port-count' is the highest port number.";
  merge["ports"] = std::move(ports);
  merge["port-count"] = PortData(17);
  Json personality;
  personality["name"] = "XHC";
  personality["provider"] = "AppleUSBHostController";
  personality["match"] = {
      {"IOParentMatch", {{"IOPropertyMatch", {{"pcidebug", "0:20:0"}}}}}};
  personality["properties"] = {{"IOProviderMergeProperties", merge}};
  root["personalities"] = Json::array({personality});
  return root;
}

Json NullStarter(const Starter& s) {
  Json root = Top(
      s, {.comment =
              "Starter descriptor from `codeless init --kind null`: a 'null "
              "driver' that claims one USB interface with the base IOService "
              "class, so that no system driver (HID, mass storage, CDC, ...) "
              "takes it and your app can use it through IOUSBHost or libusb. "
              "Edit the values, then run `codeless generate` on this file.",
          .usage = "Reserves the device's interface for the vendor's app.",
          .kext_driver =
              Json{{"class", "IOService"}, {"bundle", "com.apple.kpi.iokit"}},
          .kext_comment =
              "IOService, defined by the kernel itself (com.apple.kpi.iokit): "
              "claims the interface and does nothing.",
          .dext_superclass = "IOService",
          .dext_comment = "The DriverKit successor of the kext null driver: an "
                          "empty subclass of IOService."});
  Json personality;
  personality["name"] = s.name;
  personality["$comment"] =
      IdsComment(s, "`ioreg -p IOUSB -l` or System Information") +
      " idVendor + idProduct + bConfigurationValue + bInterfaceNumber is "
      "QA1076's interface tier; with the high probe score it outbids drivers "
      "that match by class.";
  personality["provider"] = "IOUSBHostInterface";
  personality["match"] = {{"idVendor", s.vendor},
                          {"idProduct", s.product},
                          {"bConfigurationValue", 1},
                          {"bInterfaceNumber", 0}};
  personality["probeScore"] = 9000;
  root["personalities"] = Json::array({personality});
  return root;
}

}  // namespace

std::optional<std::string> MakeStarter(const StarterOptions& options,
                                       std::string& error) {
  Starter s;
  s.name = options.name.empty() ? std::string(DefaultName(options.kind))
                                : options.name;
  bool name_ok = !s.name.empty() && s.name.size() <= kMaxNameLength &&
                 IsAsciiLetter(s.name[0]);
  for (char c : s.name)
    name_ok = name_ok && (IsAsciiLetter(c) || IsAsciiDigit(c));
  if (!name_ok) {
    error = fmt::format(
        "--name \"{}\" must be a letter followed by letters and digits, at "
        "most {} characters: it becomes the bundle name, the last label of "
        "the bundle identifier and the start of the dext's C++ class name",
        s.name, kMaxNameLength);
    return std::nullopt;
  }
  s.identifier = "com.example.driver." + s.name;

  bool port_map = options.kind == StarterKind::kPortMap;
  if (port_map && (!options.vendor.empty() || !options.product.empty())) {
    error =
        "--kind port-map matches the USB controller by its location, not by "
        "IDs; leave out --vendor and --product";
    return std::nullopt;
  }
  if (port_map && options.targets == StarterTargets::kDext) {
    error =
        "--kind port-map makes a kext only: DriverKit has no property merger "
        "a codeless dext could use; choose --target kext or all";
    return std::nullopt;
  }
  s.kext = options.targets != StarterTargets::kDext;
  s.dext = options.targets != StarterTargets::kKext && !port_map;

  bool pci = options.kind == StarterKind::kPci;
  uint16_t vendor = pci ? kPlaceholderPciVendor : kPlaceholderUsbVendor;
  uint16_t product = pci ? kPlaceholderPciDevice : kPlaceholderUsbProduct;
  s.placeholder_vendor = options.vendor.empty();
  s.placeholder_product = options.product.empty();
  if (!options.vendor.empty()) {
    auto id = ParseId("--vendor", options.vendor, error);
    if (!id) return std::nullopt;
    vendor = *id;
  }
  if (!options.product.empty()) {
    auto id = ParseId("--product", options.product, error);
    if (!id) return std::nullopt;
    product = *id;
  }
  s.vendor = Hex(vendor);
  s.product = Hex(product);

  Json root;
  switch (options.kind) {
    case StarterKind::kUsb:
      root = UsbStarter(s);
      break;
    case StarterKind::kPci:
      root = PciStarter(s);
      break;
    case StarterKind::kHid:
      root = HidStarter(s);
      break;
    case StarterKind::kPortMap:
      root = PortMapStarter(s);
      break;
    case StarterKind::kNull:
      root = NullStarter(s);
      break;
  }
  std::string text;
  Write(root, 0, 0, text);
  return text + "\n";
}

}  // namespace codeless::authoring
