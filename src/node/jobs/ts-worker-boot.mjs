// Starts a TypeScript worker thread from source (CLI, browser mode, tests): registers tsx in this
// thread, then loads the worker named in workerData.__entry. The packaged app runs built .js
// workers directly and never uses this file.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
