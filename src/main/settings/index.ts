/** The hub server's settings saved from the UI (LFS threshold, bind address, model folders). */
export { ServerSettings, listenAddress, type ListenAddress, type ServerSettingsChanges, type ServerSettingsOptions, type StartConfig } from './server-settings.js';
export { ModelFolderSettings, type RecordedImport } from './model-folder-settings.js';
