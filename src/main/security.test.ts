import { describe, expect, it, vi } from 'vitest';
import {
  contentSecurityPolicy, createAppUrlCheck, hardenContents, hardenSession, secureWebPreferences, withCsp,
  type NavigationEvent, type PreventableEvent, type SessionLike, type WebContentsLike,
} from './security';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer and sets the preload', () => {
    const p = secureWebPreferences('/app/out/preload/index.cjs');
    expect(p).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(Object.isFrozen(p)).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  it('is the strict policy, with no inline or remote script', () => {
    expect(contentSecurityPolicy).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const script = contentSecurityPolicy.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });
});

describe('createAppUrlCheck', () => {
  it('matches scheme, host and port exactly', () => {
    const isApp = createAppUrlCheck(['app://modelbench', 'http://localhost:5173']);
    expect(isApp('app://modelbench/index.html')).toBe(true);
    expect(isApp('app://modelbench/assets/x.js?y#z')).toBe(true);
    expect(isApp('http://localhost:5173/src/main.ts')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
    expect(isApp('app://modelbench.evil.com/')).toBe(false);
    expect(isApp('app://evil/')).toBe(false);
    expect(isApp('file:///app/out/renderer/index.html')).toBe(false);
    expect(isApp('about:blank')).toBe(false);
    expect(isApp('javascript:alert(1)')).toBe(false);
    expect(isApp('')).toBe(false);
  });
});

/** A web contents that records listeners so a test can emit its events. */
function fakeContents() {
  const listeners = new Map<string, ((e: never) => void)[]>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(event: string, listener: (e: never) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      openHandler = h;
    },
  };
  const emit = (name: string, event: PreventableEvent) => {
    for (const l of listeners.get(name) ?? []) l(event as never);
  };
  return { contents: contents as unknown as WebContentsLike, emit, listeners, openWindow: (url: string) => openHandler?.({ url }) };
}

const navEvent = (url: string): NavigationEvent & { prevented: boolean } => {
  const e = { url, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};

describe('hardenContents', () => {
  const isApp = createAppUrlCheck(['app://modelbench']);

  it('cancels navigation and redirects away from the app', () => {
    const f = fakeContents();
    hardenContents(f.contents, isApp);
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = navEvent('https://example.com/');
      f.emit(name, away);
      expect(away.prevented, name).toBe(true);
      const file = navEvent('file:///etc/passwd');
      f.emit(name, file);
      expect(file.prevented, name).toBe(true);
      const inApp = navEvent('app://modelbench/index.html');
      f.emit(name, inApp);
      expect(inApp.prevented, name).toBe(false);
    }
  });

  it('denies window.open and never attaches a webview', () => {
    const f = fakeContents();
    hardenContents(f.contents, isApp);
    expect(f.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(f.openWindow('app://modelbench/index.html')).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    f.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const s = {
      request: undefined as undefined | Parameters<SessionLike['setPermissionRequestHandler']>[0],
      check: undefined as undefined | Parameters<SessionLike['setPermissionCheckHandler']>[0],
      headers: undefined as undefined | Parameters<SessionLike['webRequest']['onHeadersReceived']>[0],
    };
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => void (s.request = h),
      setPermissionCheckHandler: (h) => void (s.check = h),
      webRequest: { onHeadersReceived: (l) => void (s.headers = l) },
    };
    return { session, s };
  }

  it('denies every permission request and check', () => {
    const { session, s } = fakeSession();
    hardenSession(session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      s.request!({}, permission, cb, {});
      expect(cb).toHaveBeenCalledWith(false);
      expect(s.check!({}, permission, 'app://modelbench', {})).toBe(false);
    }
  });

  it('sets the CSP on every response, replacing one the server sent', () => {
    const { session, s } = fakeSession();
    hardenSession(session);
    const cb = vi.fn();
    s.headers!({ responseHeaders: { 'content-security-policy': ["script-src *"], 'Content-Type': ['text/html'] } }, cb);
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy] },
    });
    const cb2 = vi.fn();
    s.headers!({}, cb2);
    expect(cb2).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy] } });
  });

  it('withCsp keeps other headers', () => {
    expect(withCsp({ A: ['1'], 'CONTENT-SECURITY-POLICY': ['x'] })).toEqual({ A: ['1'], 'Content-Security-Policy': [contentSecurityPolicy] });
  });
});

describe('static scan (research §4 acceptance 5)', () => {
  it('no source file weakens a window', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const srcRoot = join(import.meta.dirname, '..');
    const files = readdirSync(srcRoot, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !/\.test\.ts$/.test(f))
      .map((f) => join(srcRoot, f));
    expect(files.length).toBeGreaterThan(0);
    const weak = /\b(contextIsolation\s*:\s*false|sandbox\s*:\s*false|nodeIntegration(InWorker|InSubFrames)?\s*:\s*true|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true|webviewTag\s*:\s*true)\b/;
    const offenders = files.filter((f) => weak.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
