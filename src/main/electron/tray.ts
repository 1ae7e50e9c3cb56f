import { Menu, Tray, nativeImage } from 'electron';
import { trayMenuTemplate, type TrayActions, type TrayStatus } from './tray-menu.js';

export interface AppTray {
  /** Shows the running transfers (menu line and tooltip). */
  update(status: TrayStatus): void;
  destroy(): void;
}

export function createTray(iconPath: string, actions: TrayActions): AppTray {
  const icon = nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 });
  const tray = new Tray(icon);
  let shown: string | undefined = '';
  const update = (status: TrayStatus): void => {
    // Menus are rebuilt only when the line changes, not at every progress event.
    if (status.progress === shown) return;
    shown = status.progress;
    tray.setToolTip(status.progress === undefined ? 'HubKeeper' : `HubKeeper: ${status.progress}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions, status)));
  };
  update({ running: 0, progress: undefined });
  tray.on('click', () => actions.show());
  return { update, destroy: () => tray.destroy() };
}
