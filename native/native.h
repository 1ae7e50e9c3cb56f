// The parts of the hub's native helper, each defining its class on the module's exports.
#ifndef HUBKEEPER_NATIVE_H
#define HUBKEEPER_NATIVE_H
#include <node_api.h>

void define_sender(napi_env env, napi_value exports);
void define_sha256(napi_env env, napi_value exports);

#endif
