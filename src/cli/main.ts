/**
 * The `modelbench` command. Calls the same services as the app, in-process (long work still in
 * job processes). stdout carries results (exactly one JSON object with --json); progress goes to
 * stderr. Exit codes: 0 success, 1 failure, 2 bad usage or bad input (including a damaged or
 * foreign project file), always with a one-line reason and no stack trace.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Frame } from '../core/frame/frame';
import { profileFrame } from '../core/profile/profile';
import { forkJob } from '../node/jobs/fork';
import { ProjectStore } from '../node/project/store';
import { readTable } from '../node/readers/table';
import { createAppServices, type AppServices } from '../node/services';
import { serve } from '../server/server';
import type { JobEvent, PredictResult, ProjectState } from '../shared/dto';
import { describePredictReport } from '../node/predict/words';
import { AppError, describeError, toErrorData, type ErrorKind } from '../shared/errors';
import { APP_VERSION } from '../shared/version';
import { userDataDir } from './userdata';

export const usage = `Usage:
  modelbench train <data.csv|project.mbproj> --target <column> [--model linear] [--cv K | --holdout FRACTION] [--seed N] [--out project.mbproj] [--json]
  modelbench predict <project.mbproj> <data.csv> --out <predictions.csv> [--json]
  modelbench export <project.mbproj> (--onnx <model.onnx> | --tfjs <folder>) [--run N] [--json]
  modelbench profile <data.csv|project.mbproj> [--json]
  modelbench serve [--port N]
  modelbench --version`;

const MODELS = ['linear', 'tree', 'forest', 'gbdt', 'knn', 'nb', 'nn', 'auto'] as const;

class UsageError extends Error {}

interface Io {
  out(s: string): void;
  err(s: string): void;
}

const badInputKinds: ErrorKind[] = ['bad-input', 'not-found', 'corrupt', 'too-new'];

type Options = NonNullable<ParseArgsConfig['options']>;
function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

function intOption(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not ${String(v)}.`);
  return n;
}

/** Runs a job through the services, printing throttled progress to stderr. */
async function runJob(services: AppServices, start: () => Promise<{ jobId: string; done?: Promise<unknown> }>, io: Io, quiet: boolean): Promise<unknown> {
  let lastLine = '';
  let lastAt = 0;
  const off = services.events.onEvent((e) => {
    if (quiet || e.type !== 'job' || e.job.state !== 'running') return;
    const j: JobEvent = e.job;
    const line = `${j.kind}: ${Math.round(j.fraction * 100)}% ${j.message}`;
    const now = Date.now();
    if (line !== lastLine && now - lastAt > 250) {
      lastLine = line;
      lastAt = now;
      io.err(line);
    }
  });
  try {
    const { jobId, done } = await start();
    return await (done ?? services.whenDone(jobId));
  } finally {
    off();
  }
}

async function withServices<T>(fn: (s: AppServices) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'modelbench-cli-'));
  const services = createAppServices({ dataDir: dir, spawnJob: forkJob });
  try {
    return await fn(services);
  } finally {
    await services.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

const isProject = (p: string) => p.toLowerCase().endsWith('.mbproj');

/** Opens a project, or makes one (at `out`, or temporary) from a data file. */
async function projectFor(s: AppServices, data: string, out: string | undefined, io: Io, quiet: boolean): Promise<ProjectState> {
  if (isProject(data)) {
    if (out) throw new UsageError('--out is for new projects made from a data file; the project you named is updated in place.');
    return s.impl.projects.open({ path: resolve(data) });
  }
  if (!existsSync(data)) throw new AppError('not-found', `The file ${data} could not be found.`, { file: data });
  if (out && existsSync(out)) throw new AppError('bad-input', `${out} already exists; choose another --out name or remove it first.`, { file: out });
  await s.impl.projects.create({ name: basename(data).replace(/\.[^.]+$/, ''), ...(out ? { path: resolve(out) } : {}) });
  await runJob(s, () => s.impl.datasets.import({ source: { kind: 'path', path: resolve(data) } }), io, quiet);
  return (await s.impl.projects.current({}))!;
}

async function train(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(argv, {
    target: { type: 'string' }, model: { type: 'string', default: 'linear' }, cv: { type: 'string' }, holdout: { type: 'string' },
    seed: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError('train takes one data file or project.');
  const model = String(values.model);
  if (!(MODELS as readonly string[]).includes(model)) throw new UsageError(`--model must be one of ${MODELS.join(', ')}.`);
  if (values.cv !== undefined && values.holdout !== undefined) throw new UsageError('Use either --cv or --holdout, not both.');
  const folds = intOption(values.cv, 'cv', 2, 20) ?? 5;
  let holdout: number | undefined;
  if (values.holdout !== undefined) {
    holdout = Number(values.holdout);
    if (!(holdout > 0 && holdout < 1)) throw new UsageError(`--holdout must be a fraction between 0 and 1, such as 0.2, not ${String(values.holdout)}.`);
  }
  const seed = intOption(values.seed, 'seed', 0, 2 ** 31 - 1) ?? 0;
  const data = positionals[0]!;
  const quiet = Boolean(values.quiet);
  const result = await withServices(async (s) => {
    let state = await projectFor(s, data, values.out as string | undefined, io, quiet);
    const target = (values.target as string | undefined) ?? state.target;
    if (!target) throw new UsageError('Name the column to predict with --target.');
    if (target !== state.target) state = await s.impl.datasets.setTarget({ column: target });
    const before = state.runs.length;
    await runJob(s, () => s.impl.training.start({ models: [model as 'linear'], folds, seed, ...(holdout ? { holdout } : {}) }), io, quiet);
    state = (await s.impl.projects.current({}))!;
    const runs = state.runs.slice(before);
    const run = runs[0]!;
    return {
      task: run.task,
      target: run.target,
      rows: run.rows,
      validation: holdout ? { kind: 'holdout', fraction: holdout, seed } : { kind: run.task === 'regression' ? 'kfold' : 'stratified-kfold', folds, seed },
      models: runs.map((r) => ({ model: r.model, estimator: r.estimator, metrics: r.metrics, fold_metrics: r.foldMetrics, fit_seconds: r.fitSeconds, backend: r.backend })),
      ...(values.out || isProject(data) ? { project: state.path } : {}),
    };
  });
  if (values.json) io.out(JSON.stringify(result));
  else {
    io.out(`${result.target}: ${result.task}, ${result.rows} rows, ${holdout ? `hold-out ${holdout}` : `${folds}-fold CV`}`);
    for (const m of result.models) {
      io.out(`  ${m.model}: ${Object.entries(m.metrics).map(([k, v]) => `${k} ${Number(v).toFixed(4)}`).join(', ')} (${m.fit_seconds.toFixed(2)} s)`);
    }
    if (result.project) io.out(`Saved in ${result.project}`);
  }
}

async function predict(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, json: { type: 'boolean', default: false }, run: { type: 'string' } });
  if (positionals.length !== 2 || !values.out) throw new UsageError('predict takes a project, a data file and --out <predictions.csv>.');
  const [project, data] = positionals as [string, string];
  if (!isProject(project)) throw new UsageError(`${project} is not a project file (.mbproj).`);
  const result = await withServices(async (s) => {
    const state = await s.impl.projects.open({ path: resolve(project) });
    const runId = intOption(values.run, 'run', 1, 2 ** 31 - 1) ?? state.runs.at(-1)?.id;
    if (!runId) throw new AppError('bad-input', `${basename(project)} has no trained model yet; run modelbench train first.`);
    if (!existsSync(data)) throw new AppError('not-found', `The file ${data} could not be found.`, { file: data });
    return (await runJob(s, () => s.impl.exports.predict({ source: { kind: 'path', path: resolve(data) }, runId, path: resolve(String(values.out)) }), io, Boolean(values.json))) as PredictResult;
  });
  const { report } = result;
  if (values.json) {
    io.out(JSON.stringify({ out: result.outPath, rows: result.rows, scored: report.scored, unscored: report.unscored.count, seconds: result.seconds, report }));
    return;
  }
  for (const line of describePredictReport(report)) io.out(line);
  io.out(`Wrote ${report.scored.toLocaleString('en-US')} predictions to ${String(values.out)}${report.unscored.count ? ` (and ${report.unscored.count.toLocaleString('en-US')} rows without one)` : ''}.`);
}

async function exportCmd(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(argv, { onnx: { type: 'string' }, tfjs: { type: 'string' }, run: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (positionals.length !== 1 || (!values.onnx && !values.tfjs)) throw new UsageError('export takes a project and --onnx <model.onnx> or --tfjs <folder>.');
  if (values.onnx && values.tfjs) throw new UsageError('Use either --onnx or --tfjs, not both.');
  const project = positionals[0]!;
  if (!isProject(project)) throw new UsageError(`${project} is not a project file (.mbproj).`);
  const runId = intOption(values.run, 'run', 1, 2 ** 31 - 1);
  if (values.tfjs) {
    const outDir = resolve(String(values.tfjs));
    const res = await withServices(async (s) => {
      const state = await s.impl.projects.open({ path: resolve(project) });
      const id = runId ?? state.runs.at(-1)?.id;
      if (!id || !state.runs.some((r) => r.id === id)) throw new AppError('bad-input', id ? `There is no run ${id} in ${basename(project)}.` : `${basename(project)} has no trained model yet; run modelbench train first.`);
      await s.impl.projects.close({});
      return runJob(s, async () => s.jobs.start('export-tfjs', { projectPath: resolve(project), runId: id, outDir, producerVersion: APP_VERSION, maxRows: 10000 }), io, false);
    }) as { dir: string; files: { name: string; bytes: number }[]; rowsChecked: number; maxAbsDiff: number };
    if (values.json) io.out(JSON.stringify({ tfjs: res.dir, files: res.files, rows_checked: res.rowsChecked, max_abs_diff: res.maxAbsDiff }));
    else io.out(`Wrote the TensorFlow.js model to ${res.dir} (${res.files.map((f) => f.name).join(', ')}), checked on ${res.rowsChecked} rows: largest difference ${res.maxAbsDiff.toExponential(2)}.`);
    return;
  }
  const exp = await withServices(async (s) => {
    await s.impl.projects.open({ path: resolve(project) });
    await runJob(s, () => s.impl.exports.onnx({ path: resolve(String(values.onnx)), ...(runId ? { runId } : {}) }), io, false);
    return (await s.impl.projects.current({}))!.exports.at(-1)!;
  });
  if (values.json) io.out(JSON.stringify({ onnx: resolve(String(values.onnx)), bytes: exp.bytes, rows_checked: exp.rowsChecked, max_abs_diff: exp.maxAbsDiff }));
  else io.out(`Wrote ${String(values.onnx)} (${exp.bytes} bytes), checked with ONNX Runtime on ${exp.rowsChecked} rows: largest difference ${exp.maxAbsDiff.toExponential(2)}.`);
}

async function profile(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean', default: false }, target: { type: 'string' }, sheet: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('profile takes one data file or project.');
  const data = positionals[0]!;
  const file = basename(data);
  let frame: Frame | null;
  let target = values.target;
  let imported: Record<string, unknown> | undefined;
  if (isProject(data)) {
    const state = await withServices(async (s) => s.impl.projects.open({ path: resolve(data) }));
    if (!state.dataset) throw new AppError('bad-input', `${file} has no data yet.`);
    target ??= state.dataset.columns.find((c) => c.role === 'target')?.name;
    const store = ProjectStore.open(resolve(data), { readonly: true, displayName: file });
    try {
      frame = store.loadFrame();
    } finally {
      store.close();
    }
    if (!frame) throw new AppError('bad-input', `${file} has no data yet.`);
  } else {
    const r = await readTable(data, { displayName: file, ...(values.sheet ? { settings: { format: 'xlsx' as const, sheet: values.sheet } } : {}) });
    frame = r.frame;
    imported = { settings: r.settings, columns: r.columns, problemCount: r.problemCount, problems: r.problems.slice(0, 100), problemGroups: r.problemGroups };
  }
  if (target !== undefined && !frame.has(target)) throw new AppError('bad-input', `${file} has no column named ${target}.`, { file, column: target });
  const p = profileFrame(frame, { correlations: true, ...(target !== undefined ? { target } : {}) });
  if (values.json) {
    io.out(JSON.stringify({ file, rows: p.rows, columns: p.columns, ...(p.target ? { target: p.target } : {}), correlations: p.correlations, missingMap: p.missingMap, ...(imported ? { import: imported } : {}) }));
    return;
  }
  const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));
  io.out(`${file}: ${p.rows} rows, ${p.columns.length} columns${imported && (imported.problemCount as number) > 0 ? `, ${imported.problemCount as number} import problems` : ''}`);
  for (const c of p.columns) {
    const extra = c.numeric ? `min ${fmt(c.numeric.min)} median ${fmt(c.numeric.median)} max ${fmt(c.numeric.max)}`
      : c.date ? `${new Date(c.date.min).toISOString().slice(0, 10)} to ${new Date(c.date.max).toISOString().slice(0, 10)}`
        : c.top.slice(0, 3).map((t) => `${t.value.length > 24 ? t.value.slice(0, 21) + '...' : t.value} (${t.count})`).join(', ');
    const warn = c.warnings.length ? `  [${c.warnings.map((w) => w.code).join(', ')}]` : '';
    io.out(`  ${c.name}  ${c.kind}  missing ${c.missing}  distinct ${c.distinct}  ${extra}${warn}`);
  }
}

export const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

async function serveCmd(argv: string[], io: Io): Promise<void> {
  const { values } = parse(argv, { port: { type: 'string' } });
  const port = intOption(values.port, 'port', 0, 65535) ?? 0;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppError('bad-input', 'The app\'s pages are not built yet: run `npm run build` first (`npm start` does this for you).');
  }
  const services = createAppServices({ dataDir: userDataDir(), spawnJob: forkJob, warmJobs: true });
  const server = await serve({ services, staticDir: rendererDir, port });
  io.out(`Modelbench is running in browser mode at ${server.url}`);
  io.out('Open that address in your browser (it includes a private token). Press Ctrl+C to stop.');
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await services.dispose();
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'train': await train(rest, io); return 0;
      case 'predict': await predict(rest, io); return 0;
      case 'export': await exportCmd(rest, io); return 0;
      case 'profile': await profile(rest, io); return 0;
      case 'serve': await serveCmd(rest, io); return 0;
      case '--version': case '-v': io.out(APP_VERSION); return 0;
      case '--help': case '-h': case 'help': io.out(usage); return 0;
      default: throw new UsageError(cmd ? `Unknown command ${cmd}.` : 'Name a command.');
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`modelbench: ${e.message}`);
      io.err(usage.split('\n').find((l) => l.includes(`modelbench ${cmd} `)) ?? 'Run `modelbench --help` for usage.');
      return 2;
    }
    const d = toErrorData(e);
    io.err(`modelbench: ${describeError(d)}`);
    return badInputKinds.includes(d.kind) ? 2 : 1;
  }
}
