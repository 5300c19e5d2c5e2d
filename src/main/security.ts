/**
 * Window and session hardening (Electron security checklist, research §4): sandboxed isolated
 * renderers, a strict CSP on every response, no navigation away from the app, no new windows, no
 * <webview>, no permissions. Written against small structural types so tests use fakes; the real
 * Electron objects satisfy them.
 */
import type { WebPreferences } from 'electron';

/**
 * The CSP for every app page. No inline or remote script; inline styles are allowed because
 * Svelte transitions and chart.js set style attributes. `connect-src 'self'` covers fetches to
 * the app origin (and the dev server's HMR socket in development).
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `webPreferences` for every app window. Each flag is set explicitly even where it is Electron's
 * default, so a future default change or a careless spread cannot weaken it unnoticed.
 */
export function secureWebPreferences(preload: string): Readonly<WebPreferences> {
  return Object.freeze({
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } satisfies WebPreferences);
}

/**
 * Builds the "is this one of our pages?" test from the allowed origins (`app://modelbench`, and
 * the dev server in development). Compares scheme + host + port rather than `URL.origin`, which
 * is `"null"` for custom schemes outside Chromium.
 */
export function createAppUrlCheck(origins: readonly string[]): (url: string) => boolean {
  const key = (u: URL) => `${u.protocol}//${u.host}`;
  const allowed = new Set(origins.map((o) => key(new URL(o))));
  return (url) => {
    try {
      return allowed.has(key(new URL(url)));
    } catch {
      return false;
    }
  };
}

/** A preventable Electron event. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate` / `will-redirect` events carry the target URL (Electron ≥ 25). */
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The part of `Electron.WebContents` that `hardenContents` uses. */
export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Keeps a web contents on the app: navigation or redirect to anything but an app page is
 * cancelled, `window.open` / `target=_blank` never opens a window, and `<webview>` never attaches.
 */
export function hardenContents(contents: WebContentsLike, isAppUrl: (url: string) => boolean): void {
  const stayOnApp = (event: NavigationEvent) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type HeadersDetails = { responseHeaders?: Record<string, string[]> };
type HeadersCallback = (response: { cancel?: boolean; responseHeaders?: Record<string, string[] | string> }) => void;

/** The part of `Electron.Session` that `hardenSession` uses. */
export interface SessionLike {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(listener: ((details: HeadersDetails, callback: HeadersCallback) => void) | null): void;
  };
}

/** Returns the headers with any existing CSP (whatever its case) replaced by ours. */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy];
  return out;
}

/**
 * Denies every permission request and check (camera, notifications, clipboard-read, …: the app
 * needs none), and sets our CSP on every response, replacing any the server sent.
 */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders) }));
}
