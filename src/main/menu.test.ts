import { describe, expect, it } from 'vitest';
import { menuTemplate } from './menu';

const roles = (items: ReturnType<typeof menuTemplate>) =>
  items.flatMap((i) => [i.role, ...(Array.isArray(i.submenu) ? i.submenu.map((s) => s.role) : [])]).filter(Boolean);

describe('menuTemplate', () => {
  it('has Quit and the Edit roles, and no developer tools in a release build', () => {
    const m = menuTemplate('linux', false);
    expect(m.map((i) => i.label)).toEqual(['&File', '&Edit']);
    expect(roles(m)).toEqual(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(roles(m)).not.toContain('toggleDevTools');
  });

  it('follows macOS conventions and adds developer tools in development', () => {
    const m = menuTemplate('darwin', true);
    expect(roles(m)).toEqual(expect.arrayContaining(['appMenu', 'close', 'undo', 'redo', 'reload', 'toggleDevTools', 'windowMenu']));
    expect(roles(m)).not.toContain('quit');
  });
});
