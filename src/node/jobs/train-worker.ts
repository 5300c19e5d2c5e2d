/**
 * A training worker thread: rebuilds the (deterministic) training plan from the project file and
 * runs the evaluation rounds it was given, posting progress and each round's predictions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../../core/models/index';
import { fitOnRows, planTraining, runRound, type TrainRequest } from '../../core/evaluate/train';
import { toErrorData } from '../../shared/errors';
import { ProjectStore } from '../project/store';
import { loadBestBackend } from '../tfjs/loader';
import { applyKindOverrides } from '../../core/frame/overrides';
import type { ColumnKind } from '../../core/frame/kinds';

export interface TrainWorkerData {
  projectPath: string;
  req: TrainRequest;
  rounds: number[];
  kinds: Record<string, ColumnKind>;
}

export type FromTrainWorker =
  | { type: 'progress'; round: number; iteration: number; total?: number; loss?: number; validLoss?: number }
  | { type: 'final'; fitted: ReturnType<typeof fitOnRows> }
  | { type: 'round'; round: number; test: Int32Array; pred: Float64Array; metrics: Record<string, number> }
  | { type: 'error'; error: ReturnType<typeof toErrorData> };

const data = workerData as TrainWorkerData;
const post = (m: FromTrainWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
try {
  // Each thread has its own tfjs engine: neural networks load the best backend here too.
  if (data.req.model === 'nn') await loadBestBackend();
  const store = ProjectStore.open(data.projectPath, { readonly: true });
  let frame;
  try {
    frame = store.loadFrame();
  } finally {
    store.close();
  }
  if (!frame) throw new Error('This project has no data.');
  const plan = planTraining(applyKindOverrides(frame, data.kinds), data.req);
  for (const round of data.rounds) {
    let last = 0;
    const progress = ({ iteration, total, loss, validLoss }: { iteration: number; total?: number; loss?: number; validLoss?: number }) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      post({ type: 'progress', round, iteration, ...(total ? { total } : {}), ...(loss !== undefined ? { loss } : {}), ...(validLoss !== undefined ? { validLoss } : {}) });
    };
    if (round < 0) {
      // The final model, on every row.
      post({ type: 'final', fitted: fitOnRows(plan, null, progress) });
      continue;
    }
    const r = runRound(plan, round, progress);
    post({ type: 'round', round, test: r.test, pred: r.pred, metrics: r.metrics }, [r.test.buffer as ArrayBuffer, r.pred.buffer as ArrayBuffer]);
  }
} catch (e) {
  post({ type: 'error', error: toErrorData(e) });
}
