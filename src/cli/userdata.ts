import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Modelbench keeps recent projects and new projects on this machine (MODELBENCH_DATA_DIR overrides). */
export function userDataDir(): string {
  if (process.env.MODELBENCH_DATA_DIR) return process.env.MODELBENCH_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Modelbench');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Modelbench');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'modelbench');
}
