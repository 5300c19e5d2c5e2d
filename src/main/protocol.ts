/**
 * The `app://modelbench/…` protocol that serves the built renderer (`out/renderer`).
 *
 * Why a custom protocol rather than `loadFile` (checklist #18, research §4): a `file://` page's
 * origin is every file on the disk (`'self'` in the CSP would cover them all, and fetch/XHR of
 * `file://` URLs is possible), while `app://modelbench` is one origin we control, that serves only
 * the renderer folder and that sends our CSP header with every file. It also lets the IPC sender
 * check compare against a single exact origin.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'modelbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads in a built app. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Maps an app URL to a file inside `root`, or null when the URL is not ours or would leave the
 * folder (`..`, encoded `%2e%2e`, backslashes, NUL bytes, absolute drive paths). `/` is
 * `index.html`; query and fragment are ignored.
 */
export function resolveAppFile(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize('/' + rel));
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  if (file === base) return null;
  return file;
}

/** A minimal request/response pair, so the handler can be tested with Node's fetch types. */
export type FetchFile = (fileUrl: string) => Promise<Response>;

/**
 * The `protocol.handle('app', …)` handler: serves files under `root` through `fetchFile`
 * (Electron's `net.fetch` on a `file://` URL, which sets the MIME type) and adds the CSP and
 * `nosniff` headers. Anything else gets a plain 404/405 with the same headers.
 */
export function createAppProtocolHandler(root: string, fetchFile: FetchFile): (request: { url: string; method: string }) => Promise<Response> {
  const securityHeaders = (h: Headers) => {
    h.set('Content-Security-Policy', contentSecurityPolicy);
    h.set('X-Content-Type-Options', 'nosniff');
    return h;
  };
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: securityHeaders(new Headers({ 'Content-Type': 'text/plain; charset=utf-8' })) });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppFile(request.url, root);
    if (!file) return plain(404, 'Not found');
    let res: Response;
    try {
      res = await fetchFile(pathToFileURL(file).toString());
    } catch {
      return plain(404, 'Not found');
    }
    if (!res.ok) return plain(404, 'Not found');
    return new Response(res.body, { status: res.status, headers: securityHeaders(new Headers(res.headers)) });
  };
}
