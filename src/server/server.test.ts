import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { forkJob } from '../node/jobs/fork';
import { createAppServices, type AppServices } from '../node/services';
import { serve, type RunningServer } from './server';

let dir: string;
let services: AppServices;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-server-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>t</title>');
  services = createAppServices({ dataDir: join(dir, 'data'), spawnJob: forkJob });
  server = await serve({ services, staticDir: join(dir, 'static') });
});
afterAll(async () => {
  await server.close();
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('browser mode server', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[a-f0-9]{48}$/);
  });

  it('answers 403 without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/index.html?token=wrong')).status).toBe(403);
    expect((await get(`/?token=${server.token}`)).status).toBe(200);
  });

  it('answers 403 to a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('serves the page with a strict CSP and a token cookie for its assets', async () => {
    const r = await get(`/?token=${server.token}`);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(r.headers['set-cookie'])).toContain('HttpOnly');
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow('403');
    await expect(connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('403');
  });

  it('runs validated service calls over the WebSocket', async () => {
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const call = (id: number, service: string, method: string, arg: unknown) =>
      new Promise<{ ok: boolean; value?: unknown; error?: { kind: string } }>((resolve) => {
        const on = (data: WebSocket.RawData) => {
          const m = JSON.parse(String(data));
          if (m.id === id) { ws.off('message', on); resolve(m.result); }
        };
        ws.on('message', on);
        ws.send(JSON.stringify({ id, service, method, arg }));
      });
    expect(await call(1, 'projects', 'current', {})).toEqual({ ok: true, value: null });
    expect((await call(2, 'projects', 'open', { path: 42 })).error!.kind).toBe('bad-input');
    expect((await call(3, 'projects', '__proto__', {})).error!.kind).toBe('bad-input');
    const created = await call(4, 'projects', 'create', { name: 'Over the wire' });
    expect(created.ok).toBe(true);
    ws.close();
  });
});
