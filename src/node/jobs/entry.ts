/**
 * The job process. Started by `child_process.fork` (Node) or `utilityProcess.fork` (Electron);
 * runs one job, reports progress at most 10 times a second, then exits.
 */
import { toErrorData } from '../../shared/errors';
import { runExport, runExportTfjs, runImport, runPredict, runPreview, runProfile, runTrain, type Report } from './handlers';
import type { FromJob, ToJob } from './protocol';

interface ParentPort {
  on(event: 'message', l: (e: { data: unknown }) => void): void;
  postMessage(m: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** Sends a message; resolves once it has been handed to the channel (large results take a while). */
function send(m: FromJob): Promise<void> {
  if (parentPort) {
    parentPort.postMessage(m);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(m, undefined, {}, () => resolve());
  });
}

async function start(msg: ToJob): Promise<void> {
  const { jobId } = msg;
  let last = 0;
  const report: Report = (fraction, message, detail) => {
    const now = Date.now();
    // Loss points are already sampled per fold by the training threads (10 a second at most):
    // pass them all on, so each fold's curve has its points; thin out the rest.
    const lossy = detail !== undefined && ('loss' in detail || 'validLoss' in detail);
    if (now - last < 100 && fraction < 1 && !lossy) return;
    last = now;
    void send({ type: 'progress', jobId, fraction, message, ...(detail ? { detail } : {}) });
  };
  try {
    const a = msg.args as never;
    const result =
      msg.kind === 'import' ? await runImport(a, report)
      : msg.kind === 'train' ? await runTrain(a, report)
      : msg.kind === 'export' ? await runExport(a, report)
      : msg.kind === 'export-tfjs' ? await runExportTfjs(a, report)
      : msg.kind === 'profile' ? await runProfile(a, report)
      : msg.kind === 'preview' ? await runPreview(a, report)
      : await runPredict(a, report);
    await send({ type: 'done', jobId, result });
  } catch (e) {
    await send({ type: 'error', jobId, error: toErrorData(e) });
  }
  // Exit only once the outcome has been handed over: a large fitted model (a forest) takes time
  // to serialise, and exiting early would lose it.
  if (parentPort) setTimeout(() => process.exit(0), 200);
  else process.disconnect?.();
  // Nothing should keep the process alive after this; if something does, end it anyway.
  setTimeout(() => process.exit(0), 2000).unref();
}

const onMessage = (m: unknown) => {
  const msg = m as ToJob;
  if (msg && msg.type === 'start') void start(msg);
};
if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else process.on('message', onMessage);
