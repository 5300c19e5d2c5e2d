/**
 * Which project files the app was asked to open, from a command line: the first instance's
 * `process.argv` or a second instance's argv (which Chromium may reorder or extend with its own
 * switches). Pure, so it is tested on every platform's shapes.
 */
export function parseOpenRequest(argv: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) continue; // switches, including Chromium's --flag=value
    if (!/\.mbproj$/i.test(a)) continue;
    if (seen.has(a)) continue;
    seen.add(a);
    out.push(a);
  }
  return out;
}
