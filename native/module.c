// The hub's native helper: sendfile(2) for large downloads (sendfile.c) and a SHA-256 whose state
// survives a restart (sha256-state.c).
#include "native.h"

NAPI_MODULE_INIT() {
  define_sender(env, exports);
  define_sha256(env, exports);
  return exports;
}
