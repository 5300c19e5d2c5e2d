/**
 * Browser mode: the same services over HTTP + WebSocket, bound to 127.0.0.1, guarded by a
 * random token (as Jupyter does). Requests without the token get 403; a Host header other than
 * the loopback address gets 403 too (DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppServices } from '../node/services';
import { createDispatcher } from '../shared/rpc';
import { TOKEN_HEADER, type WireMessage, type WireRequest } from '../shared/wire';

export interface ServeOptions {
  services: AppServices;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Largest upload accepted, bytes. */
  maxUpload?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    "font-src 'self'", `connect-src 'self' ws://127.0.0.1:${port}`, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const m = /(?:^|;\s*)mb_token=([a-f0-9]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const staticDir = resolve(opts.staticDir);
  const maxUpload = opts.maxUpload ?? 8 * 1024 ** 3;
  const { services } = opts;
  const dispatch = createDispatcher(services.impl);
  let port = opts.port ?? 0;

  const allowedHost = (req: IncomingMessage) => {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };
  const authorized = (req: IncomingMessage, url: URL) =>
    sameToken(url.searchParams.get('token'), token) || sameToken(req.headers[TOKEN_HEADER] as string | undefined, token) || sameToken(cookieToken(req), token);

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!allowedHost(req) || !authorized(req, url)) return send(res, 403, 'Forbidden: open the address printed by `modelbench serve`, including its token.');
      if (req.method === 'POST' && url.pathname === '/upload') {
        const name = url.searchParams.get('name') ?? 'upload.csv';
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > maxUpload) return send(res, 413, 'That file is larger than browser mode accepts.');
        const { id, path } = services.uploads.create(name);
        try {
          await pipeline(req, createWriteStream(path));
        } catch {
          rmSync(path, { force: true });
          return send(res, 400, 'The upload did not complete.');
        }
        return send(res, 200, JSON.stringify({ uploadId: id }), 'application/json');
      }
      if (req.method === 'GET' && url.pathname.startsWith('/exports/')) {
        // /exports/<id> for a file export; /exports/<id>/<file> for one file of a folder export
        // (only the names the export lists: nothing else in the folder or beside it is served).
        const [idPart, part] = url.pathname.slice('/exports/'.length).split('/');
        const id = Number(idPart);
        const state = await services.impl.projects.current({});
        const exp = state?.exports.find((e) => e.id === id);
        const inner = exp?.files ? (exp.files.includes(part ?? '') ? part! : null) : part === undefined ? '' : null;
        const file = exp && inner !== null ? join(resolve(state!.path, '..'), exp.fileName, inner) : null;
        if (!exp || !file || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'That export is not available.');
        const name = inner || exp.fileName;
        res.writeHead(200, {
          'content-type': 'application/octet-stream', 'content-length': statSync(file).size,
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`, 'x-content-type-options': 'nosniff',
        });
        createReadStream(file).pipe(res);
        return;
      }
      if (req.method === 'GET' && url.pathname.startsWith('/predictions/')) {
        const d = services.downloads.get(url.pathname.slice('/predictions/'.length));
        if (!d || !existsSync(d.path)) return send(res, 404, 'Those predictions are not available.');
        res.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8', 'content-length': statSync(d.path).size,
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(d.name)}`, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store',
        });
        createReadStream(d.path).pipe(res);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
      let rel = decodeURIComponent(url.pathname);
      if (rel === '/' || rel === '') rel = '/index.html';
      const file = normalize(join(staticDir, rel));
      if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'Not found.');
      const headers: Record<string, string> = {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'content-security-policy': contentSecurityPolicy(port),
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      };
      // The page URL carries the token; a cookie lets its scripts and styles load without it.
      if (rel === '/index.html') headers['set-cookie'] = `mb_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    })().catch(() => { if (!res.headersSent) send(res, 500, 'Internal error.'); else res.destroy(); });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/ws' || !allowedHost(req) || !originOk || !authorized(req, url)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const off = services.events.onEvent((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event } satisfies WireMessage));
      });
      ws.on('close', () => { off(); sockets.delete(ws); });
      ws.on('message', (data) => {
        let req: WireRequest;
        try {
          req = JSON.parse(String(data)) as WireRequest;
        } catch {
          return;
        }
        if (!req || typeof req.id !== 'number' || typeof req.service !== 'string' || typeof req.method !== 'string') return;
        void dispatch(req.service, req.method, req.arg).then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: req.id, result } satisfies WireMessage));
        });
      });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
