/**
 * `frame` must already carry the user's kind corrections (`kinds`), which the worker threads
 * apply to the data they load themselves.
 *
 * Trains with the evaluation rounds and the final fit spread over worker threads (one per core,
 * at most one per round), then assembles the result exactly as the single-threaded path does:
 * the same plan, the same rounds, the same numbers. This thread only relays progress, so the
 * live loss curves arrive while the models train (not all at once at the end).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { finishTraining, fitOnRows, planTraining, type RoundResult, type TrainRequest, type TrainResult } from '../../core/evaluate/train';
import type { Frame } from '../../core/frame/frame';
import type { ColumnKind } from '../../core/frame/kinds';
import { AppError } from '../../shared/errors';
import type { FromTrainWorker, TrainWorkerData } from './train-worker';

/**
 * Starts the worker: the built file in the packaged app; from source, through a small JS boot
 * file that registers tsx inside the thread (loaders are per thread).
 */
function startWorker(workerData: TrainWorkerData): Worker {
  const ts = new URL('./train-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(ts))) return new Worker(new URL('./train-worker.js', import.meta.url), { workerData });
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { workerData: { ...workerData, __entry: ts.href } });
}

export interface ParallelProgress {
  fraction: number;
  message: string;
  detail: Record<string, number>;
}

export async function trainParallel(
  projectPath: string, frame: Frame, req: TrainRequest, kinds: Record<string, ColumnKind>, onProgress: (p: ParallelProgress) => void, threads = availableParallelism(),
): Promise<TrainResult> {
  const plan = planTraining(frame, req);
  const n = plan.rounds.length;
  const workers = Math.max(1, Math.min(threads, n));
  const partial = new Float64Array(n + 1); // 0..1 per round, and the final fit last
  const report = (message: string, detail: Record<string, number>) => {
    const done = partial.reduce((a, b) => a + b, 0);
    onProgress({ fraction: done / (n + 1), message, detail });
  };
  const label = (r: number) => (req.holdout ? 'Training part' : `Fold ${r + 1} of ${n}`);
  const results: RoundResult[] = [];
  const running: Worker[] = [];
  let final: ReturnType<typeof fitOnRows> | null = null;
  // The final fit (round -1) goes to the thread with the fewest rounds.
  const finalWorker = (n % workers === 0 ? workers : n % workers) % workers;
  const work = Array.from({ length: workers }, (_, w) => new Promise<void>((resolve, reject) => {
    const rounds = [...(w === finalWorker ? [-1] : []), ...Array.from({ length: n }, (_, r) => r).filter((r) => r % workers === w)];
    const data: TrainWorkerData = { projectPath, req, rounds, kinds };
    const worker = startWorker(data);
    running.push(worker);
    worker.on('message', (m: FromTrainWorker) => {
      if (m.type === 'final') {
        final = m.fitted;
        partial[n] = 1;
        report('Final model fitted', {});
      } else if (m.type === 'progress' && m.round < 0) {
        partial[n] = Math.min(0.99, m.total ? m.iteration / m.total : Math.min(m.iteration, 20) / 21);
        report(`Final model: iteration ${m.iteration}`, {});
      } else if (m.type === 'progress') {
        partial[m.round] = Math.min(0.99, m.total ? m.iteration / m.total : Math.min(m.iteration, 20) / 21);
        report(`${label(m.round)}: iteration ${m.iteration}`, { fold: m.round + 1, iteration: m.iteration, ...(m.loss !== undefined ? { loss: m.loss } : {}), ...(m.validLoss !== undefined ? { validLoss: m.validLoss } : {}) });
      } else if (m.type === 'round') {
        partial[m.round] = 1;
        results.push({ round: m.round, test: m.test, pred: m.pred, metrics: m.metrics });
        report(`${label(m.round)} scored`, { fold: m.round + 1 });
      } else {
        reject(AppError.fromData(m.error));
      }
    });
    worker.on('error', (e) => reject(e));
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new AppError('job-crashed', `A training thread stopped unexpectedly (exit code ${code}).`))));
  }));
  try {
    report('Training', {});
    await Promise.all(work);
    if (results.length !== n) throw new AppError('internal', `Only ${results.length} of ${n} rounds came back.`);
    if (!final) throw new AppError('internal', 'The final model did not come back.');
    report('Done', {});
    return finishTraining(plan, results, final);
  } finally {
    for (const w of running) void w.terminate();
  }
}
