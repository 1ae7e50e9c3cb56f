// The parts of the hub's native helper, each defining its class on the module's exports.
#ifndef HUBKEEPER_NATIVE_H
#define HUBKEEPER_NATIVE_H
#include <node_api.h>

// A method of an exported class: its name and the function behind it.
#define METHOD(name, function) {name, NULL, function, NULL, NULL, NULL, napi_default, NULL}

// Defines class `name` with `constructor` and `methods` on the module's exports.
void export_class(napi_env env, napi_value exports, const char *name, napi_callback constructor, const napi_property_descriptor *methods, size_t count);

void define_sender(napi_env env, napi_value exports);
void define_sha256(napi_env env, napi_value exports);

#endif
