import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

const bin = join(repoRoot, 'bin/modelbench.mjs');

/** Runs `modelbench …` in `cwd` with its own data folder; returns exit code and both streams. */
export function runCli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, MODELBENCH_DATA_DIR: join(cwd, 'data') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
