/**
 * The application menu, as data. File has New/Open/Save As (the actions come from index.ts, which
 * owns the dialogs and the services); Edit's Undo/Redo go to the renderer, which undoes text in a
 * focused field and otherwise the project's last edit, so one shortcut works everywhere.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newProject(): void;
  openProject(): void;
  saveProjectAs(): void;
  undo(): void;
  redo(): void;
}

export function menuTemplate(platform: NodeJS.Platform, dev: boolean, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push({
    label: '&File',
    submenu: [
      { label: '&New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.newProject() },
      { label: '&Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
      { label: 'Save Project &As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveProjectAs() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { label: '&Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.undo() },
      { label: '&Redo', accelerator: mac ? 'Cmd+Shift+Z' : 'Ctrl+Shift+Z', click: () => actions.redo() },
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
