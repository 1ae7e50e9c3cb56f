import { trimEndpoint } from '../../shared/endpoint.js';
import type { HfConfig } from '../config.js';
import { readTokenFileSync } from './token-files.js';

/** Which token to send to a hub (its base URL); undefined sends none. */
export type TokenLookup = (endpoint: string) => string | undefined;

/** Tokens the user saved for hubs in Settings, each bound to its hub's address. */
export interface SavedHubTokens {
  tokenFor(endpoint: string): string | undefined;
}

/**
 * The one answer to "which token for this endpoint": a token saved for that hub in Settings
 * first; for the default hub (HF_ENDPOINT) then HF_TOKEN or the token file, read at each use as
 * Python does, unless HF_HUB_DISABLE_IMPLICIT_TOKEN; for any other hub, none.
 */
export function endpointTokens(hf: HfConfig, saved?: SavedHubTokens): TokenLookup {
  const home = trimEndpoint(hf.endpoint);
  return (endpoint) => {
    const hub = trimEndpoint(endpoint);
    const fromSettings = saved?.tokenFor(hub);
    if (fromSettings !== undefined) return fromSettings;
    if (hub !== home || hf.disableImplicitToken) return undefined;
    return hf.token ?? readTokenFileSync(hf.tokenPath);
  };
}
