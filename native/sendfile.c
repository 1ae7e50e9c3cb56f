// Zero-copy downloads for the hub: sendfile(2) from the page cache straight to the client's
// socket, on the event loop's thread (as nginx does), waiting for the socket with a libuv poll
// handle instead of a thread. See src/main/hub/native-sendfile.ts for how it is used and why.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <unistd.h>
#include <uv.h>

#include "native.h"

// Bytes per sendfile call. One long call holds the socket lock while the peer's acknowledgements
// queue up behind it; 256 KiB calls measured 1.17x nginx here, 1 GiB calls 0.80x.
#define BYTES_PER_CALL (256 * 1024)

typedef struct Sender {
  // Our own descriptor of the socket: valid until close(), whatever the event loop does with its own.
  int socket_fd;
  int file_fd;
  int polling;
  // close() was called: no more sends or waits.
  int closed;
  // libuv let go of the poll handle and the descriptor is closed.
  int handle_closed;
  // The JavaScript object is gone: the struct is freed once the handle is closed too.
  int finalized;
  uv_poll_t poll;
  napi_env env;
  napi_ref on_writable;
} Sender;

static void throw_errno(napi_env env, const char *what) {
  char message[128];
  snprintf(message, sizeof message, "%s: errno %d", what, errno);
  napi_throw_error(env, NULL, message);
}

static Sender *unwrap(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  napi_value self;
  Sender *sender = NULL;
  napi_get_cb_info(env, info, argc, argv, &self, NULL);
  napi_unwrap(env, self, (void **)&sender);
  if (sender == NULL || sender->closed) {
    napi_throw_error(env, NULL, "the sender is closed");
    return NULL;
  }
  return sender;
}

static void handle_closed(uv_handle_t *handle) {
  Sender *sender = handle->data;
  // Only now: libuv removes the descriptor from its epoll set when the handle stops, and a
  // descriptor closed before that could be reused by another connection and unregistered with it.
  close(sender->socket_fd);
  sender->handle_closed = 1;
  if (sender->finalized) free(sender);
}

static void release(Sender *sender) {
  if (sender->closed) return;
  sender->closed = 1;
  sender->polling = 0;
  if (sender->on_writable != NULL) napi_delete_reference(sender->env, sender->on_writable);
  sender->on_writable = NULL;
  uv_close((uv_handle_t *)&sender->poll, handle_closed);
}

// send(offset, length, limit) -> { sent, errno, blocked }: sends from `offset` until `length`
// bytes are out, `limit` bytes were sent in this call, the socket is full (`blocked`) or an error.
static napi_value sender_send(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  Sender *sender = unwrap(env, info, &argc, argv);
  if (sender == NULL) return NULL;
  int64_t start, length, limit;
  if (argc < 3 || napi_get_value_int64(env, argv[0], &start) != napi_ok || napi_get_value_int64(env, argv[1], &length) != napi_ok ||
      napi_get_value_int64(env, argv[2], &limit) != napi_ok || start < 0 || length < 0) {
    napi_throw_type_error(env, NULL, "send(offset, length, limit)");
    return NULL;
  }
  off_t offset = (off_t)start;
  int64_t sent = 0;
  int error = 0;
  int blocked = 0;
  if (limit > length) limit = length;
  while (sent < limit) {
    int64_t want = limit - sent;
    if (want > BYTES_PER_CALL) want = BYTES_PER_CALL;
    ssize_t n = sendfile(sender->socket_fd, sender->file_fd, &offset, (size_t)want);
    if (n > 0) {
      sent += n;
    } else if (n == 0) {
      error = ENODATA;  // the file ended early
      break;
    } else if (errno == EAGAIN) {
      blocked = 1;
      break;
    } else if (errno != EINTR) {
      error = errno;
      break;
    }
  }
  napi_value result, value;
  napi_create_object(env, &result);
  napi_create_int64(env, sent, &value);
  napi_set_named_property(env, result, "sent", value);
  napi_create_int32(env, error, &value);
  napi_set_named_property(env, result, "errno", value);
  napi_get_boolean(env, blocked, &value);
  napi_set_named_property(env, result, "blocked", value);
  return result;
}

static void writable(uv_poll_t *poll, int status, int events) {
  (void)events;
  Sender *sender = poll->data;
  uv_poll_stop(poll);
  sender->polling = 0;
  napi_handle_scope scope;
  napi_open_handle_scope(sender->env, &scope);
  napi_value callback, global, argument;
  napi_get_reference_value(sender->env, sender->on_writable, &callback);
  napi_delete_reference(sender->env, sender->on_writable);
  sender->on_writable = NULL;
  napi_get_global(sender->env, &global);
  napi_create_int32(sender->env, status, &argument);
  // An exception thrown by the callback is reported by Node like any uncaught one.
  napi_make_callback(sender->env, NULL, global, callback, 1, &argument, NULL);
  napi_close_handle_scope(sender->env, scope);
}

// whenWritable(callback): calls callback(status) once the socket can take more bytes
// (status < 0: a libuv error, as when the peer went away).
static napi_value sender_when_writable(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Sender *sender = unwrap(env, info, &argc, argv);
  if (sender == NULL) return NULL;
  if (argc < 1 || sender->polling) {
    napi_throw_error(env, NULL, "whenWritable(callback), one wait at a time");
    return NULL;
  }
  napi_create_reference(env, argv[0], 1, &sender->on_writable);
  int status = uv_poll_start(&sender->poll, UV_WRITABLE | UV_DISCONNECT, writable);
  if (status != 0) {
    napi_delete_reference(env, sender->on_writable);
    sender->on_writable = NULL;
    napi_throw_error(env, NULL, uv_strerror(status));
    return NULL;
  }
  sender->polling = 1;
  return NULL;
}

// close(): stops any wait (its callback is not called) and closes our descriptor of the socket.
static napi_value sender_close(napi_env env, napi_callback_info info) {
  napi_value self;
  Sender *sender = NULL;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  napi_unwrap(env, self, (void **)&sender);
  if (sender != NULL) release(sender);
  return NULL;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Sender *sender = data;
  release(sender);
  sender->finalized = 1;
  if (sender->handle_closed) free(sender);
}

// new Sender(socketFd, fileFd): duplicates the socket's descriptor; the file's must stay open
// until close().
static napi_value sender_new(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], self;
  napi_get_cb_info(env, info, &argc, argv, &self, NULL);
  int32_t socket_fd, file_fd;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &socket_fd) != napi_ok || napi_get_value_int32(env, argv[1], &file_fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "new Sender(socketFd, fileFd)");
    return NULL;
  }
  uv_loop_t *loop;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
    napi_throw_error(env, NULL, "no event loop");
    return NULL;
  }
  int own = fcntl(socket_fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) {
    throw_errno(env, "the socket is closed");
    return NULL;
  }
  Sender *sender = calloc(1, sizeof(Sender));
  sender->socket_fd = own;
  sender->file_fd = file_fd;
  sender->env = env;
  int status = uv_poll_init_socket(loop, &sender->poll, own);
  if (status != 0) {
    close(own);
    free(sender);
    napi_throw_error(env, NULL, uv_strerror(status));
    return NULL;
  }
  sender->poll.data = sender;
  napi_wrap(env, self, sender, finalize, NULL, NULL);
  return NULL;
}

void define_sender(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      METHOD("send", sender_send),
      METHOD("whenWritable", sender_when_writable),
      METHOD("close", sender_close),
  };
  export_class(env, exports, "Sender", sender_new, methods, 3);
}
