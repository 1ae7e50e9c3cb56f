export { createHttpServer, type HttpServerOptions } from './create-http-server.js';
export type { Durability } from './durable-replies.js';
export { INVALID_CREDENTIALS, requirePrincipal, requireWrite, tokenFromAuthorization, type CredentialState } from './auth.js';
export { asciiHeaderValue, sendError, toErrorReply, type ErrorReply, type ReplyErrorCode } from './error-reply.js';
export { formatUrlHost, isHostAllowed, isLoopbackHost, isWildcardHost } from './host-guard.js';
export { UI_CONTENT_SECURITY_POLICY, UI_PREFIX } from './static-ui.js';
export { bodyText, checkJsonText, optionalJsonBody } from './body-text.js';
export { storageFailureOf } from './storage-failure.js';
export { baseUrl, isoDate, parseBool } from './wire-values.js';
