#include "codeless/apple/usb_match.h"

namespace codeless::apple {

std::optional<UsbLevel> UsbProviderLevel(std::string_view provider_class) {
  if (provider_class == "IOUSBHostDevice" || provider_class == "IOUSBDevice") {
    return UsbLevel::kDevice;
  }
  if (provider_class == "IOUSBHostInterface" ||
      provider_class == "IOUSBInterface") {
    return UsbLevel::kInterface;
  }
  return std::nullopt;
}

UsbKeyRole UsbKeyRoleOf(UsbLevel level, std::string_view key) {
  bool device = level == UsbLevel::kDevice;
  if (key == "idVendor") return UsbKeyRole::kVendor;
  if (key == "idProduct" || key == "idProductArray") return UsbKeyRole::kProduct;
  if (key == "bcdDevice") return UsbKeyRole::kRelease;
  if (key == (device ? "bDeviceClass" : "bInterfaceClass")) {
    return UsbKeyRole::kClass;
  }
  if (key == (device ? "bDeviceSubClass" : "bInterfaceSubClass")) {
    return UsbKeyRole::kSubclass;
  }
  if (key == (device ? "bDeviceProtocol" : "bInterfaceProtocol")) {
    return UsbKeyRole::kProtocol;
  }
  if (!device && key == "bInterfaceNumber") return UsbKeyRole::kInterfaceNumber;
  if (!device && key == "bConfigurationValue") {
    return UsbKeyRole::kConfigurationValue;
  }
  return UsbKeyRole::kNone;
}

void UsbKeys::Add(UsbKeyRole role, std::optional<int64_t> integer) {
  switch (role) {
    case UsbKeyRole::kNone:
      return;
    case UsbKeyRole::kVendor:
      vendor = true;
      return;
    case UsbKeyRole::kProduct:
      product = true;
      return;
    case UsbKeyRole::kRelease:
      release = true;
      return;
    case UsbKeyRole::kClass:
      class_code = true;
      class_value = integer;
      return;
    case UsbKeyRole::kSubclass:
      subclass = true;
      return;
    case UsbKeyRole::kProtocol:
      protocol = true;
      return;
    case UsbKeyRole::kInterfaceNumber:
      interface_number = true;
      return;
    case UsbKeyRole::kConfigurationValue:
      configuration_value = true;
      return;
  }
}

namespace {

// The four lower tiers, alike for devices and interfaces: vendor and
// subclass (and protocol) for vendor-specific classes, class and subclass
// (and protocol) otherwise, each only when nothing that pins a product is
// present (`unpinned`).
int ClassTier(const UsbKeys& k, bool unpinned) {
  bool vendor_specific = !k.class_value || *k.class_value == 0xFF;
  bool standard_class = !k.class_value || *k.class_value != 0xFF;
  if (!unpinned || !k.subclass) return 0;
  if (k.vendor) {
    if (!vendor_specific) return 0;
    return k.protocol ? 80000 : 70000;
  }
  if (!k.class_code || !standard_class) return 0;
  return k.protocol ? 60000 : 50000;
}

}  // namespace

// [QA1076; IOUSBFamily-560.4.2 IOUSBDevice::matchPropertyTable and
// IOUSBInterface::matchPropertyTable]. In the two top tiers the class keys
// may also appear (they must then match the device); the lower tiers
// require the listed keys and the absence of the more specific ones.
int UsbMatchTier(UsbLevel level, const UsbKeys& k) {
  if (level == UsbLevel::kDevice) {
    if (k.vendor && k.product && k.release) return 100000;
    if (k.vendor && k.product) return 90000;
    return ClassTier(k, !k.release && !k.product);
  }
  bool pinned_interface = k.interface_number && k.configuration_value;
  if (k.vendor && k.product && pinned_interface && k.release) return 100000;
  if (k.vendor && k.product && pinned_interface) return 90000;
  return ClassTier(k, !k.release && !k.product && !k.interface_number &&
                          !k.configuration_value);
}

std::string UsbCombinations(UsbLevel level) {
  if (level == UsbLevel::kDevice) {
    return "idVendor+idProduct[+bcdDevice], "
           "idVendor+bDeviceSubClass[+bDeviceProtocol] (class 0xFF), or "
           "bDeviceClass+bDeviceSubClass[+bDeviceProtocol]";
  }
  return "idVendor+idProduct+bInterfaceNumber+bConfigurationValue"
         "[+bcdDevice], idVendor+bInterfaceSubClass[+bInterfaceProtocol] "
         "(class 0xFF), or bInterfaceClass+bInterfaceSubClass"
         "[+bInterfaceProtocol]";
}

}  // namespace codeless::apple
