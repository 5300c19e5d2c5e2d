// `npm start`: build the app, then open it in Electron; when the Electron binary is missing (its
// download is optional and fails offline) start browser mode instead. Extra arguments are passed
// on (`npm start -- --port 8080`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** Runs a command with our stdio, forwarding termination signals; resolves with how it ended. */
function run(command, commandArgs, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
    const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const s of signals) process.on(s, forward);
    child.once('error', (err) => {
      for (const s of signals) process.off(s, forward);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve({ code, signal });
    });
  });
}

/** Ends this process the way the child ended (same exit code, or same signal). */
function exitLike({ code, signal }) {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
}

/** The Electron executable, or null when the package or its downloaded binary is missing. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const built = await run(process.execPath, [electronVite, 'build']);
if (built.signal || built.code !== 0) exitLike(built);
else {
  const electron = electronBinary();
  if (electron) {
    // ELECTRON_RUN_AS_NODE (set by some tools) would make Electron behave as plain Node.
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    exitLike(await run(electron, [root, ...args], env));
  } else {
    console.log('The Electron app is not installed on this machine (its binary could not be downloaded), so Modelbench is starting in browser mode instead.');
    exitLike(await run(process.execPath, [join(root, 'bin', 'modelbench.mjs'), 'serve', ...args]));
  }
}
