import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  show(): void;
  /** Copies the core's URL, the value for `HF_ENDPOINT`. */
  copyEndpoint(): void;
  /** Pauses every running download, pull and push (each can be resumed on the Downloads screen). */
  pauseAll(): void;
  quit(): void;
}

/** What the tray shows of running transfers (see job-progress.ts). */
export interface TrayStatus {
  readonly running: number;
  /** "2 transfers running, 45%"; undefined when nothing runs. */
  readonly progress: string | undefined;
}

const IDLE: TrayStatus = { running: 0, progress: undefined };

export function trayMenuTemplate(actions: TrayActions, status: TrayStatus = IDLE): MenuItemConstructorOptions[] {
  return [
    { label: 'Open HubKeeper', click: () => actions.show() },
    { label: 'Copy HF_ENDPOINT URL', click: () => actions.copyEndpoint() },
    { type: 'separator' },
    ...(status.progress === undefined ? [] : [{ label: status.progress, enabled: false }]),
    { label: 'Pause all transfers', enabled: status.running > 0, click: () => actions.pauseAll() },
    { type: 'separator' },
    { label: 'Quit HubKeeper', click: () => actions.quit() },
  ];
}
