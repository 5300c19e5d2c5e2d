/**
 * Browser mode's WebSocket messages. The page is served at `/?token=…`; it connects to
 * `/ws?token=…`. Uploads: `POST /upload?name=<file name>` with header `x-modelbench-token`,
 * body = the file's bytes, answer `{uploadId}`. Exported files: `GET /exports/<id>?token=…`.
 */
import type { AppEvent } from './dto';
import type { RpcResult } from './rpc';

export type WireRequest = { id: number; service: string; method: string; arg: unknown };
export type WireMessage = { id: number; result: RpcResult } | { event: AppEvent };

export const TOKEN_HEADER = 'x-modelbench-token';
