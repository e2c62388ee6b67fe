// The Apple driver classes codeless knows (schemas/catalog.json): which kext
// defines each class a codeless kext can match to, and which DriverKit
// classes a codeless dext can subclass.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::catalog {

struct KextClass {
  std::string class_name;
  std::string bundle;  // CFBundleIdentifier of the kext that defines the class
  std::vector<std::string> providers;
  std::optional<std::string>
      introduced;                      // first macOS version known to ship it
  std::optional<std::string> removed;  // first macOS version known not to
  std::string notes;
};

struct DextClass {
  std::string superclass;
  std::string framework;
  std::string header;         // "HIDDriverKit/IOUserHIDEventDriver.iig"
  std::string io_class;       // the kernel proxy class for IOClass
  std::string kernel_bundle;  // CFBundleIdentifierKernel
  std::optional<std::string> family_entitlement;
  std::vector<std::string> providers;
  std::vector<std::string> frameworks;
  bool empty_subclass = false;
  std::optional<std::string> refusal;  // why it needs code, when it does
  std::string notes;
};

class Catalog {
 public:
  // Parses the catalog JSON. On failure returns nullopt and sets `error`.
  static std::optional<Catalog> Parse(std::string_view json_text,
                                      std::string& error);

  const std::vector<KextClass>& kext_classes() const { return kext_; }
  const std::vector<DextClass>& dext_classes() const { return dext_; }

  const KextClass* FindKextClass(std::string_view class_name) const;
  const DextClass* FindDextClass(std::string_view superclass) const;
  // DriverKit classes whose kernel proxy is `io_class`.
  std::vector<const DextClass*> FindDextByIoClass(
      std::string_view io_class) const;

  std::vector<std::string_view> KextClassNames() const;
  std::vector<std::string_view> DextClassNames() const;

  // The catalog as PRODUCT.md §1 `catalog --format json` prints it.
  std::string ToJson() const;
  // A table for people.
  std::string ToText() const;

 private:
  std::vector<KextClass> kext_;
  std::vector<DextClass> dext_;
};

}  // namespace codeless::catalog
