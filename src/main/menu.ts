/**
 * The application menu, as data. File › New/Open project come later (they need dialogs and the
 * projects service); for now File has Quit (Close on macOS, where Quit lives in the app menu) and
 * Edit has the standard roles so undo/redo and the clipboard work in text fields.
 */
import type { MenuItemConstructorOptions } from 'electron';

export function menuTemplate(platform: NodeJS.Platform, dev: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push({ label: '&File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  if (dev) {
    template.push({ label: '&View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] });
  }
  if (mac) template.push({ role: 'windowMenu' });
  return template;
}
