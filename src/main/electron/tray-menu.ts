import type { MenuItemConstructorOptions } from 'electron';

export interface TrayActions {
  show(): void;
  /** Copies the core's URL, the value for `HF_ENDPOINT`. */
  copyEndpoint(): void;
  quit(): void;
}

export function trayMenuTemplate(actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open HubKeeper', click: () => actions.show() },
    { label: 'Copy HF_ENDPOINT URL', click: () => actions.copyEndpoint() },
    { type: 'separator' },
    { label: 'Quit HubKeeper', click: () => actions.quit() },
  ];
}
