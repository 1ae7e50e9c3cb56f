// The hub's native helper: sendfile(2) for large downloads (sendfile.c) and a SHA-256 whose state
// survives a restart (sha256-state.c).
#include "native.h"

void export_class(napi_env env, napi_value exports, const char *name, napi_callback constructor, const napi_property_descriptor *methods, size_t count) {
  napi_value defined;
  napi_define_class(env, name, NAPI_AUTO_LENGTH, constructor, NULL, count, methods, &defined);
  napi_set_named_property(env, exports, name, defined);
}

NAPI_MODULE_INIT() {
  define_sender(env, exports);
  define_sha256(env, exports);
  return exports;
}
