/** The hub server's settings saved from the UI (LFS threshold, bind address). */
export { ServerSettings, listenAddress, type ListenAddress, type ServerSettingsChanges, type ServerSettingsOptions, type StartConfig } from './server-settings.js';
