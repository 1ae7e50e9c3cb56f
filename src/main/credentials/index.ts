export { formatStoredTokens, logout, parseStoredTokens, readStoredTokens, readTokenFile, saveStoredToken, setActiveToken, type LogoutResult, type TokenPaths } from './token-files.js';
export { resolveToken, tokenToSend, type ResolvedToken, type TokenSource } from './resolve-token.js';
export { fetchWhoami, type WhoamiInfo } from './whoami.js';
export { endpointTokens, type SavedHubTokens, type TokenLookup } from './endpoint-tokens.js';
export { HubRegistry, normalizeEndpoint, type StoredHub } from './hub-registry.js';
