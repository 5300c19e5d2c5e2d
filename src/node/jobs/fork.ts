/** The Node job spawner: `child_process.fork` of the TypeScript entry through tsx. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JobChannel, JobSpawner } from './channel';

const entry = fileURLToPath(new URL('./entry.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

export const forkJob: JobSpawner = (): JobChannel => {
  const child = fork(entry, [], {
    execArgv: ['--import', tsxLoader],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    postMessage: (m) => child.send(m as object),
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.once('exit', (code) => l(code)),
    kill: () => child.kill('SIGKILL'),
  };
};
