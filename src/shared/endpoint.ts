/** A hub's base URL as every module compares and joins it: no trailing slash. */
export function trimEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, '');
}
