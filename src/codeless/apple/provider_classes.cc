#include "codeless/apple/provider_classes.h"

#include <iterator>

namespace codeless::apple {
namespace {

// Each line: the class and its superclass, from the class's declaration in
// Apple's open source (xnu iokit/IOKit/*.h, IOPCIFamily IOPCIDevice.h and
// IOPCIBridge.h, IOUSBHostFamily IOUSBHostDevice.h / IOUSBHostInterface.h,
// IOUSBFamily IOUSBNub.h, IOHIDFamily IOHIDDevice.h / IOHIDInterface.h /
// IOHIDEventService.h, IOStorageFamily and IOBDStorageFamily headers,
// IOSerialFamily IOSerialStreamSync.h / IORS232SerialStreamSync.h,
// IONetworkingFamily IONetworkController.h / IOEthernetController.h /
// IONetworkInterface.h / IOEthernetInterface.h, IOStorageFamily IOStorage.h /
// IOMedia.h / IOPartitionScheme.h / IOBlockStorageDriver.h, IOGraphics
// IOGraphicsDevice.h / IOFramebuffer.h / IONDRVFramebuffer.h, IOAudioFamily
// IOAudioDevice.h / IOAudioEngine.h).
constexpr ProviderClass kProviderClasses[] = {
    {"IOService", ""},
    {"IOResources", "IOService"},
    {"IOUserResources", "IOService"},
    {"IOPlatformDevice", "IOService"},
    {"IOACPIPlatformDevice", "IOPlatformDevice"},
    {"IOPlatformExpertDevice", "IOService"},
    {"IOPCIDevice", "IOService"},
    {"IOPCIBridge", "IOService"},
    {"IOPCI2PCIBridge", "IOPCIBridge"},
    {"IOUSBHostDevice", "IOService"},
    {"IOUSBHostInterface", "IOService"},
    {"IOUSBNub", "IOService"},
    {"IOUSBDevice", "IOUSBNub"},
    {"IOUSBInterface", "IOUSBNub"},
    {"IOHIDDevice", "IOService"},
    {"IOHIDInterface", "IOService"},
    {"IOHIDEventService", "IOService"},
    {"IOUSBHostHIDDevice", "IOHIDDevice"},
    {"IOBlockStorageDevice", "IOService"},
    {"IOCDBlockStorageDevice", "IOBlockStorageDevice"},
    {"IODVDBlockStorageDevice", "IOCDBlockStorageDevice"},
    {"IOBDBlockStorageDevice", "IODVDBlockStorageDevice"},
    {"IOSerialStreamSync", "IOService"},
    {"IORS232SerialStreamSync", "IOSerialStreamSync"},
    {"IOSerialStream", "IOService"},
    {"IONetworkController", "IOService"},
    {"IOEthernetController", "IONetworkController"},
    {"IONetworkInterface", "IOService"},
    {"IOEthernetInterface", "IONetworkInterface"},
    {"IOStorage", "IOService"},
    {"IOMedia", "IOStorage"},
    {"IOPartitionScheme", "IOStorage"},
    {"IOBlockStorageDriver", "IOStorage"},
    {"IOGraphicsDevice", "IOService"},
    {"IOFramebuffer", "IOGraphicsDevice"},
    {"IONDRVFramebuffer", "IOFramebuffer"},
    {"IOAudioDevice", "IOService"},
    {"IOAudioEngine", "IOService"},
};

const ProviderClass* Find(std::string_view name) {
  for (const ProviderClass& entry : kProviderClasses) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

std::span<const ProviderClass> ProviderClasses() { return kProviderClasses; }

std::string_view ProviderSuperclass(std::string_view name) {
  const ProviderClass* entry = Find(name);
  return entry != nullptr ? entry->superclass : std::string_view();
}

bool InheritsFrom(std::string_view name, std::string_view ancestor) {
  if (ancestor == "IOService") return true;
  // The table is a tree of a few levels; a bound keeps a bad edit finite.
  for (size_t depth = 0; depth < std::size(kProviderClasses) && !name.empty();
       ++depth) {
    if (name == ancestor) return true;
    name = ProviderSuperclass(name);
  }
  return false;
}

bool IsKnownProviderClass(std::string_view name) {
  return Find(name) != nullptr;
}

}  // namespace codeless::apple
