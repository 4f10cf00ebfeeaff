/**
 * The tray icon: turns the pure `TrayModel` into Electron's Tray and Menu. Nothing is decided
 * here. The menu is rebuilt and set again on every model, as Linux requires
 * (https://www.electronjs.org/docs/latest/api/tray#traysetcontextmenumenu).
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { trayIconBitmap } from './icon-pixels.js';
import { trayIconFile, type TrayAction, type TrayIconName, type TrayMenuItem, type TrayModel } from './model.js';

/** The tray icon main redraws on every change. */
export interface TrayHandle {
  render(model: TrayModel): void;
  destroy(): void;
}

/** Electron menu items for the model's items; `onAction` gets the chosen item's action. */
export function menuTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'label':
        return { id: item.id, label: item.label, enabled: false };
      case 'radio':
        return {
          id: item.id,
          type: 'radio',
          label: item.label,
          checked: item.checked,
          enabled: item.enabled,
          click: () => onAction(item.action),
        };
      case 'normal':
        return { id: item.id, label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
    }
  });
}

/** How the icon should look now: the setting, and whether the desktop uses a dark theme. */
export interface TrayLook {
  readonly style: 'colour' | 'monochrome';
  readonly darkPanel: boolean;
}

/** A packaged PNG from the first directory that has it, else the shape drawn in code. */
function loadIcon(name: TrayIconName, look: TrayLook, iconDirs: readonly string[]): NativeImage {
  for (const dir of iconDirs) {
    const image = nativeImage.createFromPath(join(dir, trayIconFile(name, look.style, look.darkPanel)));
    if (!image.isEmpty()) return image;
  }
  const { width, height, bgra } = trayIconBitmap(name);
  return nativeImage.createFromBitmap(Buffer.from(bgra), { width, height });
}

/** Creates the tray icon, or returns null where the platform refuses one. */
export function createTray(
  model: TrayModel,
  onAction: (action: TrayAction) => void,
  iconDirs: readonly string[],
  look: () => TrayLook,
  /** The user opened the menu or clicked the icon (where the tray host reports either): they are about to look. */
  onOpen: () => void = () => undefined,
): TrayHandle | null {
  const icons = new Map<string, NativeImage>();
  const icon = (name: TrayIconName) => {
    const current = look();
    const key = trayIconFile(name, current.style, current.darkPanel);
    return icons.get(key) ?? icons.set(key, loadIcon(name, current, iconDirs)).get(key)!;
  };
  let tray: Tray;
  try {
    tray = new Tray(icon(model.icon));
  } catch {
    return null;
  }
  // Where a click is reported at all (not under every Linux tray host), it opens the window.
  tray.on('click', () => {
    onOpen();
    onAction({ kind: 'open' });
  });
  const render = (next: TrayModel) => {
    tray.setImage(icon(next.icon));
    tray.setToolTip(next.tooltip);
    const menu = Menu.buildFromTemplate(menuTemplate(next.menu, onAction));
    menu.on('menu-will-show', onOpen);
    tray.setContextMenu(menu);
  };
  render(model);
  return { render, destroy: () => tray.destroy() };
}
