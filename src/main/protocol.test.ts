import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, createAppProtocolHandler, resolveAppFile } from './protocol';
import { contentSecurityPolicy } from './security';

const root = path.resolve('/app/out/renderer');

describe('resolveAppFile', () => {
  it('maps app URLs to files in the renderer folder', () => {
    expect(resolveAppFile(APP_ENTRY_URL, root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/`, root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(APP_ORIGIN, root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/assets/index-abc.js?v=1#x`, root)).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(`${APP_ORIGIN}/assets/my%20font.woff2`, root)).toBe(path.join(root, 'assets', 'my font.woff2'));
  });

  it('refuses other origins and anything that would leave the folder', () => {
    for (const url of [
      'file:///etc/passwd',
      'https://modelbench/index.html',
      'app://other/index.html',
      `${APP_ORIGIN}/../../etc/passwd`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
      `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc/passwd`,
      `${APP_ORIGIN}/..%5c..%5cwindows`,
      `${APP_ORIGIN}/x%00.js`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'not a url',
    ]) {
      const file = resolveAppFile(url, root);
      // A URL may resolve, but only to a file strictly inside root.
      if (file !== null) expect(file.startsWith(root + path.sep), url).toBe(true);
      else expect(file).toBeNull();
    }
    expect(resolveAppFile(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, root)).not.toBe('/etc/passwd');
    expect(resolveAppFile('app://other/index.html', root)).toBeNull();
    expect(resolveAppFile(`${APP_ORIGIN}/x%00.js`, root)).toBeNull();
  });
});

describe('createAppProtocolHandler', () => {
  it('serves files with the CSP and nosniff headers', async () => {
    const fetchFile = vi.fn(async () => new Response('<html></html>', { headers: { 'Content-Type': 'text/html' } }));
    const handler = createAppProtocolHandler(root, fetchFile);
    const res = await handler({ url: APP_ENTRY_URL, method: 'GET' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<html></html>');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(fetchFile).toHaveBeenCalledWith(expect.stringMatching(/^file:\/\/.*\/app\/out\/renderer\/index\.html$/));
  });

  it('answers 404 outside the folder or for missing files, and 405 for writes', async () => {
    const fetchFile = vi.fn(async () => new Response('nope', { status: 404 }));
    const handler = createAppProtocolHandler(root, fetchFile);
    expect((await handler({ url: 'app://other/x', method: 'GET' })).status).toBe(404);
    expect((await handler({ url: `${APP_ORIGIN}/missing.js`, method: 'GET' })).status).toBe(404);
    const post = await handler({ url: APP_ENTRY_URL, method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const throwing = createAppProtocolHandler(root, async () => {
      throw new Error('ENOENT');
    });
    expect((await throwing({ url: APP_ENTRY_URL, method: 'GET' })).status).toBe(404);
  });
});
