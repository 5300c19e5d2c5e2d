import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from './menu';

const actions = (): MenuActions => ({ newProject: vi.fn(), openProject: vi.fn(), saveProjectAs: vi.fn(), undo: vi.fn(), redo: vi.fn() });
const items = (m: ReturnType<typeof menuTemplate>) => m.flatMap((i) => (Array.isArray(i.submenu) ? i.submenu : []));
const roles = (m: ReturnType<typeof menuTemplate>) => [...m.map((i) => i.role), ...items(m).map((s) => s.role)].filter(Boolean);

describe('menuTemplate', () => {
  it('has the project commands, Quit and the clipboard roles, and no developer tools in a release build', () => {
    const m = menuTemplate('linux', false, actions());
    expect(m.map((i) => i.label)).toEqual(['&File', '&Edit']);
    expect(roles(m)).toEqual(['quit', 'cut', 'copy', 'paste', 'selectAll']);
    expect(items(m).map((i) => i.accelerator).filter(Boolean)).toEqual(['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+Shift+S', 'CmdOrCtrl+Z', 'Ctrl+Shift+Z']);
  });

  it('routes each command to its action', () => {
    const a = actions();
    const m = menuTemplate('linux', false, a);
    for (const item of items(m)) (item.click as (() => void) | undefined)?.();
    for (const f of Object.values(a)) expect(f).toHaveBeenCalledTimes(1);
  });

  it('follows macOS conventions and adds developer tools in development', () => {
    const m = menuTemplate('darwin', true, actions());
    expect(roles(m)).toEqual(expect.arrayContaining(['appMenu', 'close', 'reload', 'toggleDevTools', 'windowMenu']));
    expect(roles(m)).not.toContain('quit');
    expect(items(m).find((i) => i.label === '&Redo')!.accelerator).toBe('Cmd+Shift+Z');
  });
});
