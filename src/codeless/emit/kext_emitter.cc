#include "codeless/emit/kext_emitter.h"

#include "codeless/emit/bundle_keys.h"
#include "codeless/plist/xml_writer.h"

namespace codeless::emit {

bool KextEmitter::Emit(const model::Resolved& resolved, const EmitContext&,
                       OutputSet& out, std::string& error) const {
  const model::Descriptor& descriptor = *resolved.descriptor;
  const model::ResolvedKext& kext = *resolved.kext;
  plist::Dict info =
      CommonBundleKeys(descriptor.bundle, kext.identifier, "KEXT");
  // Written in its place below, straight from the model.
  info["IOKitPersonalities"] =
      plist::Value(plist::Dict{}).Tagged(descriptor.personalities_origin);
  if (descriptor.kext->bundle_required) {
    const model::Text& required = *descriptor.kext->bundle_required;
    info["OSBundleRequired"] = plist::Value(required.value).Tagged(required.origin);
  }

  OutputFile file;
  file.kind = FileKind::kKextInfoPlist;
  plist::XmlWriter writer(file.bytes, &file.tags);
  writer.BeginDocument();
  writer.BeginDict(descriptor.kext->origin);
  for (const auto& [key, value] : info) {
    if (key != "IOKitPersonalities") {
      writer.Member(key, value);
      continue;
    }
    writer.Key(key, value.tag());
    writer.BeginDict(value.tag());
    for (const model::KextPersonality& entry : kext.personalities) {
      const model::Personality& personality = *entry.personality;
      plist::Dict keys = CommonPersonalityKeys(personality);
      keys["CFBundleIdentifier"] =
          plist::Value(entry.bundle).Tagged(entry.driver_origin);
      keys["IOClass"] = plist::Value(entry.io_class).Tagged(entry.driver_origin);
      writer.Key(personality.name.value, personality.name.origin);
      writer.BeginDict(personality.origin);
      for (const auto& [name, item] : keys) writer.Member(name, item);
      writer.EndDict();
    }
    writer.EndDict();
  }
  writer.EndDict();
  writer.EndDocument();
  file.bytes.shrink_to_fit();
  std::string path = descriptor.bundle.name.value + ".kext/Contents/Info.plist";
  if (!out.Add(path, std::move(file))) {
    error = "the kext output '" + path +
            "' is written twice or leaves the output directory";
    return false;
  }
  return true;
}

}  // namespace codeless::emit
