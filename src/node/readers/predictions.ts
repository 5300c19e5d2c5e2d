/** Writes batch predictions as CSV: identifier columns, `prediction`, `probability_<class>`. */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import Papa from 'papaparse';
import type { FittedModel } from '../../core/evaluate/train';
import type { Frame } from '../../core/frame/frame';

export function writePredictionsCsv(outPath: string, frame: Frame, model: FittedModel, proba: Float64Array[]): number {
  const ids = frame.columns.filter((c) => c.kind === 'identifier');
  const header = [...ids.map((c) => c.name), 'prediction', ...model.classes.map((c) => `probability_${c}`)];
  const tmp = `${outPath}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, Papa.unparse([header]) + '\r\n');
    const batch = 5000;
    for (let start = 0; start < frame.rows; start += batch) {
      const rows: (string | number)[][] = [];
      for (let i = start; i < Math.min(frame.rows, start + batch); i++) {
        let best = 0;
        for (let c = 1; c < proba.length; c++) if (proba[c]![i]! > proba[best]![i]!) best = c;
        rows.push([...ids.map((c) => frame.cell(i, c) ?? ''), model.classes[best]!, ...proba.map((p) => p[i]!)]);
      }
      writeSync(fd, Papa.unparse(rows, { newline: '\r\n' }) + '\r\n');
    }
    closeSync(fd);
    renameSync(tmp, outPath);
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    throw e;
  }
  return frame.rows;
}
