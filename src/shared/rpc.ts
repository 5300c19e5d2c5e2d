/**
 * Transport-independent request dispatch and client construction.
 * A dispatcher validates (service, method, argument) against the contract and never lets an
 * unknown name or a malformed argument reach an implementation.
 */
import { contract, type Api, type ServiceImpl } from './contract';
import { AppError, toErrorData, type AppErrorData } from './errors';
import type { AppEvent } from './dto';
import { serviceMethods, type ServiceName } from './methods';

/** Present in Node ≥17 and every browser; not in the ES2022 lib this folder compiles with. */
const clone = <T>(v: T): T => (globalThis as unknown as { structuredClone<U>(x: U): U }).structuredClone(v);

export type RpcResult = { ok: true; value: unknown } | { ok: false; error: AppErrorData };

export type Dispatch = (service: string, method: string, arg: unknown) => Promise<RpcResult>;

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** True when `service.method` is part of the contract (own names only, no prototype keys). */
export function isKnownMethod(service: string, method: string): boolean {
  return has(serviceMethods, service) && (serviceMethods[service as ServiceName] as readonly string[]).includes(method);
}

/** Validates an argument; throws `bad-input` naming the first offending field. */
export function validateArg(service: string, method: string, arg: unknown): unknown {
  if (!isKnownMethod(service, method)) throw new AppError('bad-input', `Unknown operation ${service}.${method}.`);
  const schema = (contract as Record<string, Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }>>)[service]![method]!;
  const r = schema.safeParse(arg);
  if (!r.success) {
    const issue = r.error!.issues[0]!;
    const field = issue.path.length ? issue.path.map(String).join('.') : 'argument';
    throw new AppError('bad-input', `Invalid ${field} for ${service}.${method}: ${issue.message}`);
  }
  return r.data;
}

/** Builds the one dispatch function every front door uses. */
export function createDispatcher(impl: ServiceImpl): Dispatch {
  return async (service, method, arg) => {
    try {
      const parsed = validateArg(service, method, arg);
      const svc = (impl as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[service]!;
      const value = await svc[method]!.call(svc, parsed);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      return { ok: false, error: toErrorData(e) };
    }
  };
}

/** A client-side transport: sends one request, and delivers pushed events. */
export interface ClientTransport {
  request(service: string, method: string, arg: unknown): Promise<RpcResult>;
  onEvent(listener: (e: AppEvent) => void): () => void;
}

/** Typed, frozen API object over any transport; failures reject with `AppError`. */
export function createClient(transport: ClientTransport): Api & { onEvent: ClientTransport['onEvent'] } {
  const api: Record<string, unknown> = {};
  for (const [service, methods] of Object.entries(serviceMethods)) {
    const s: Record<string, unknown> = {};
    for (const method of methods) {
      s[method] = async (arg: unknown) => {
        const r = await transport.request(service, method, arg ?? {});
        if (!r.ok) throw AppError.fromData(r.error);
        return r.value;
      };
    }
    api[service] = Object.freeze(s);
  }
  api.onEvent = (l: (e: AppEvent) => void) => transport.onEvent(l);
  return Object.freeze(api) as Api & { onEvent: ClientTransport['onEvent'] };
}

/** Something that emits app events (the services side). */
export interface EventSource {
  onEvent(listener: (e: AppEvent) => void): () => void;
}

/**
 * An in-memory transport pair for tests: arguments and results are structured-cloned, as over
 * IPC, so a test catches any DTO that would not survive the trip.
 */
export function createMemoryTransport(dispatch: Dispatch, events: EventSource): ClientTransport {
  return {
    async request(service, method, arg) {
      const r = await dispatch(service, method, clone(arg));
      return clone(r);
    },
    onEvent(listener) {
      return events.onEvent((e) => listener(clone(e)));
    },
  };
}
