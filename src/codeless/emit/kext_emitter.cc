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
    size_t bytes_before = file.bytes.size();
    size_t tags_before = file.tags.size();
    for (size_t i = 0; i < kext.personalities.size(); ++i) {
      const model::KextPersonality& entry = kext.personalities[i];
      // Personalities are alike in size: once the first is written, make
      // room for all, so that the buffer never grows by doubling (which
      // holds two copies at once).
      if (i == 1) {
        size_t rest = kext.personalities.size() - 1;
        size_t bytes = file.bytes.size() - bytes_before;
        size_t tags = file.tags.size() - tags_before;
        file.bytes.reserve(file.bytes.size() + bytes * rest / 32 * 33 + 4096);
        file.tags.reserve(file.tags.size() + tags * rest + 64);
      }
      const model::Personality& personality = *entry.personality;
      PersonalityMembers members(personality);
      members.Set("CFBundleIdentifier", entry.bundle(), entry.driver_origin());
      members.Set("IOClass", entry.io_class(), entry.driver_origin());
      writer.Key(personality.name.value, personality.name.origin);
      writer.BeginDict(personality.origin);
      members.WriteTo(writer);
      writer.EndDict();
    }
    writer.EndDict();
  }
  writer.EndDict();
  writer.EndDocument();
  std::string path =
      std::string(descriptor.bundle.name.value) + ".kext/Contents/Info.plist";
  if (!out.Add(path, std::move(file))) {
    error = "the kext output '" + path +
            "' is written twice or leaves the output directory";
    return false;
  }
  return true;
}

}  // namespace codeless::emit
