// The Apple driver classes codeless knows (schemas/catalog.json, compiled
// into tables at build time by tools/catalog_table): which kext defines each
// class a codeless kext can match to, and which DriverKit classes a
// codeless dext can subclass. Entries are views of constant data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::catalog {

struct KextClass {
  std::string_view class_name;
  // CFBundleIdentifiers of the Apple kexts that define the class; the first
  // is the one codeless writes. Several kexts may define one class
  // (apple-findings.md §6).
  std::span<const std::string_view> bundles;
  std::span<const std::string_view> providers;
  std::string_view introduced;  // first macOS version known to ship it, or ""
  std::string_view removed;     // first macOS version known not to, or ""
  std::string_view notes;

  std::string_view bundle() const { return bundles.front(); }
  bool DefinedBy(std::string_view bundle_identifier) const;
};

struct DextClass {
  std::string_view superclass;
  std::string_view framework;
  std::string_view header;         // "HIDDriverKit/IOUserHIDEventDriver.iig"
  std::string_view io_class;       // the kernel proxy class for IOClass
  std::string_view kernel_bundle;  // CFBundleIdentifierKernel
  std::string_view family_entitlement;  // "" when the proxy needs none
  std::span<const std::string_view> providers;
  std::span<const std::string_view> frameworks;
  bool empty_subclass = false;
  // The proxy waits for the driver to call RegisterService()
  // (apple-findings.md §1), so the generated class overrides Start.
  bool registers_service = false;
  std::string_view refusal;  // why it needs code, when it does
  std::string_view notes;
};

class Catalog {
 public:
  // `kext` sorted by class name, `dext` by superclass.
  Catalog(std::span<const KextClass> kext, std::span<const DextClass> dext)
      : kext_(kext), dext_(dext) {}

  // The catalog compiled into codeless.
  static Catalog Bundled();
  // The bundled catalog's "catalogVersion" (YEAR.MONTH.N), which
  // `--version` prints.
  static std::string_view BundledVersion();

  std::span<const KextClass> kext_classes() const { return kext_; }
  std::span<const DextClass> dext_classes() const { return dext_; }

  const KextClass* FindKextClass(std::string_view class_name) const;
  const DextClass* FindDextClass(std::string_view superclass) const;
  // DriverKit classes whose kernel proxy is `io_class`.
  std::vector<const DextClass*> FindDextByIoClass(
      std::string_view io_class) const;

  std::vector<std::string_view> KextClassNames() const;
  std::vector<std::string_view> DextClassNames() const;

  // Whether `name` is an IOKit class codeless knows: a kext class, a
  // provider of a kext or DriverKit class, or a class of the provider
  // hierarchy (apple/provider_classes.h).
  bool KnowsClass(std::string_view name) const;
  // Every such name, sorted, once each.
  std::vector<std::string_view> KnownClassNames() const;
  // The known class `name` is a typo of, or empty. Tighter than words'
  // did-you-mean: real class names often differ by a few letters
  // (ApplePS2MouseDevice, AppleSMBusDevice), so at most one edit per ten
  // characters (at least one) counts as a typo.
  std::string ClosestClassName(std::string_view name) const;
  // Whether `driver` attaches to `provider`: one of its providers is
  // `provider` or a superclass of it; IOService, the base class a null
  // driver names, attaches to any. nullopt when that cannot be told (the
  // provider hierarchy does not place `provider`).
  std::optional<bool> Attaches(const KextClass& driver,
                               std::string_view provider) const;

  // The catalog as PRODUCT.md §1 `catalog --format json` prints it.
  std::string ToJson() const;
  // A table for people.
  std::string ToText() const;

 private:
  std::span<const KextClass> kext_;
  std::span<const DextClass> dext_;
};

}  // namespace codeless::catalog
