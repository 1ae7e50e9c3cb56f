import { Menu, Tray, nativeImage } from 'electron';
import { trayMenuTemplate, type TrayActions } from './tray-menu.js';

export function createTray(iconPath: string, actions: TrayActions): Tray {
  const icon = nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 });
  const tray = new Tray(icon);
  tray.setToolTip('HubKeeper');
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions)));
  tray.on('click', () => actions.show());
  return tray;
}
