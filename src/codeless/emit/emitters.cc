#include "codeless/emit/dext_emitter.h"
#include "codeless/emit/emitter.h"
#include "codeless/emit/kext_emitter.h"

namespace codeless::emit {

std::vector<std::unique_ptr<Emitter>> BuiltinEmitters() {
  std::vector<std::unique_ptr<Emitter>> emitters;
  emitters.push_back(std::make_unique<KextEmitter>());
  emitters.push_back(std::make_unique<DextEmitter>());
  return emitters;
}

}  // namespace codeless::emit
