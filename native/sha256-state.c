// SHA-256 whose state can be saved and restored, so a download resumed after a kill does not
// hash again the bytes it already has (Node's crypto hashes cannot be saved). It calls the
// OpenSSL that Node itself carries (SHA-NI where the CPU has it, as fast as node:crypto), looked
// up at run time: a runtime without those symbols just has no resumable hash.
#include <dlfcn.h>
#include <node_api.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "native.h"

typedef int (*InitFn)(SHA256_CTX *);
typedef int (*UpdateFn)(SHA256_CTX *, const void *, size_t);
typedef int (*FinalFn)(unsigned char *, SHA256_CTX *);

static InitFn sha256_init;
static UpdateFn sha256_update;
static FinalFn sha256_final;

// Saved state: the eight chaining words, then the number of bytes hashed (little-endian u64).
// Only taken at a 64-byte boundary, so no partial block has to be carried.
#define STATE_BYTES 40

static int resolve_openssl(void) {
  if (sha256_init != NULL) return 1;
  sha256_init = (InitFn)dlsym(RTLD_DEFAULT, "SHA256_Init");
  sha256_update = (UpdateFn)dlsym(RTLD_DEFAULT, "SHA256_Update");
  sha256_final = (FinalFn)dlsym(RTLD_DEFAULT, "SHA256_Final");
  if (sha256_init == NULL || sha256_update == NULL || sha256_final == NULL) sha256_init = NULL;
  return sha256_init != NULL;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static SHA256_CTX *unwrap(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  napi_value self;
  SHA256_CTX *ctx = NULL;
  napi_get_cb_info(env, info, argc, argv, &self, NULL);
  napi_unwrap(env, self, (void **)&ctx);
  return ctx;
}

// new Sha256(state?): a fresh hash, or one that goes on from a saved state.
static napi_value sha_new(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  napi_get_cb_info(env, info, &argc, argv, &self, NULL);
  if (!resolve_openssl()) {
    napi_throw_error(env, NULL, "this runtime does not expose OpenSSL's SHA256 functions");
    return NULL;
  }
  SHA256_CTX *ctx = calloc(1, sizeof(SHA256_CTX));
  sha256_init(ctx);
  napi_valuetype type = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &type);
  if (type != napi_undefined) {
    uint8_t *state = NULL;
    size_t length = 0;
    if (napi_get_typedarray_info(env, argv[0], NULL, &length, (void **)&state, NULL, NULL) != napi_ok || length != STATE_BYTES) {
      free(ctx);
      napi_throw_type_error(env, NULL, "a saved SHA-256 state is 40 bytes");
      return NULL;
    }
    uint64_t bytes = 0;
    for (int i = 0; i < 8; i++) {
      ctx->h[i] = (SHA_LONG)state[i * 4] | (SHA_LONG)state[i * 4 + 1] << 8 | (SHA_LONG)state[i * 4 + 2] << 16 | (SHA_LONG)state[i * 4 + 3] << 24;
    }
    for (int i = 0; i < 8; i++) bytes |= (uint64_t)state[32 + i] << (8 * i);
    if (bytes % 64 != 0) {
      free(ctx);
      napi_throw_type_error(env, NULL, "a saved SHA-256 state ends on a 64-byte boundary");
      return NULL;
    }
    uint64_t bits = bytes * 8;
    ctx->Nl = (SHA_LONG)(bits & 0xffffffffu);
    ctx->Nh = (SHA_LONG)(bits >> 32);
  }
  napi_wrap(env, self, ctx, finalize, NULL, NULL);
  return NULL;
}

// update(bytes): hashes a Uint8Array (any view, shared memory too).
static napi_value sha_update(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  SHA256_CTX *ctx = unwrap(env, info, &argc, argv);
  void *data = NULL;
  size_t length = 0;
  if (ctx == NULL || argc < 1 || napi_get_typedarray_info(env, argv[0], NULL, &length, &data, NULL, NULL) != napi_ok) {
    napi_throw_type_error(env, NULL, "update(Uint8Array)");
    return NULL;
  }
  sha256_update(ctx, data, length);
  return NULL;
}

// state(): the 40-byte saved state, or undefined between 64-byte boundaries.
static napi_value sha_state(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  SHA256_CTX *ctx = unwrap(env, info, &argc, NULL);
  napi_value result;
  if (ctx == NULL || ctx->num != 0) {
    napi_get_undefined(env, &result);
    return result;
  }
  uint8_t *out;
  napi_create_buffer(env, STATE_BYTES, (void **)&out, &result);
  for (int i = 0; i < 8; i++) {
    for (int b = 0; b < 4; b++) out[i * 4 + b] = (uint8_t)(ctx->h[i] >> (8 * b));
  }
  uint64_t bytes = (((uint64_t)ctx->Nh << 32) | ctx->Nl) / 8;
  for (int i = 0; i < 8; i++) out[32 + i] = (uint8_t)(bytes >> (8 * i));
  return result;
}

// digest(): the hex digest; the hash cannot be used after it.
static napi_value sha_digest(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  SHA256_CTX *ctx = unwrap(env, info, &argc, NULL);
  if (ctx == NULL) return NULL;
  unsigned char digest[32];
  char hex[65];
  sha256_final(digest, ctx);
  for (int i = 0; i < 32; i++) {
    hex[i * 2] = "0123456789abcdef"[digest[i] >> 4];
    hex[i * 2 + 1] = "0123456789abcdef"[digest[i] & 15];
  }
  napi_value result;
  napi_create_string_latin1(env, hex, 64, &result);
  return result;
}

void define_sha256(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      METHOD("update", sha_update),
      METHOD("state", sha_state),
      METHOD("digest", sha_digest),
  };
  export_class(env, exports, "Sha256", sha_new, methods, 3);
}
