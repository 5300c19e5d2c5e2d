import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `../shared/datasets` beside the checkout, as CI provides it. */
export const datasetsDir = resolve(repoRoot, '../shared/datasets');
export function dataset(name: string): string {
  const p = join(datasetsDir, name);
  if (!existsSync(p)) throw new Error(`Dataset ${p} is missing: the shared datasets folder must sit beside the checkout.`);
  return p;
}
