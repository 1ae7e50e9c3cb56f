/** The app API (`/-/api/v1`) the UI uses, and UI sign-in. */
export { createAppEvents, type AppEvents } from './app-events.js';
export { createRemoteBrowser } from './remote-browser.js';
export { createSessions, type Sessions, type SessionsOptions } from './sessions.js';
export type { CacheStatusSource, DiskPort, DownloadsPort, RemotePort } from './ports.js';
export type { RepoViews } from './repo-views.js';
export { createAppApi, type AppApi, type AppApiOptions, type UiAccess } from './create-app-api.js';
export { appApiRoutes, type AppApiDeps } from './app-api-routes.js';
export { ROUTE_ACCESS, type DeclaredRoute, type RouteAccess } from './route-access.js';
