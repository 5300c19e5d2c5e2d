/** The schema report of a batch prediction in plain words, for the CLI (the app words its own). */
import type { PredictFinding, PredictReport } from '../../shared/dto';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function where(r: PredictReport, f: PredictFinding, withValue: boolean): string {
  const list = f.examples.slice(0, 3).map((e) => `${r.unit} ${e.line}${withValue ? `: ${e.value}` : ''}`).join('; ');
  return f.count > f.examples.slice(0, 3).length ? `${list}; …` : list;
}

/** One line per finding, most serious first, then the rows left unscored. */
export function describePredictReport(r: PredictReport): string[] {
  const out: string[] = [];
  out.push(`Checked ${r.file} against the model's ${plural(r.inputs.length, 'input column', 'input columns')}: ${plural(r.rows, 'row', 'rows')}.`);
  if (r.missingColumns.length) out.push(`  Missing ${plural(r.missingColumns.length, 'column', 'columns')} the model needs: ${r.missingColumns.join(', ')}.`);
  const order: PredictFinding['code'][] = ['not-a-number', 'unseen-category', 'out-of-range', 'missing'];
  const findings = [...r.findings].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  for (const f of findings) {
    if (f.code === 'not-a-number') out.push(`  ${f.column}: ${plural(f.count, 'value is', 'values are')} not a number (${where(r, f, true)}); scored as missing.`);
    else if (f.code === 'unseen-category') {
      const vals = (f.values ?? []).map((v) => `${v.value} ×${v.count}`).join(', ');
      out.push(`  ${f.column}: ${plural(f.count, 'value is a category', 'values are categories')} the model never saw (${vals}; first at ${where(r, f, false)}); scored as an unknown category.`);
    } else if (f.code === 'out-of-range') out.push(`  ${f.column}: ${plural(f.count, 'number is', 'numbers are')} outside the training range ${f.range?.min} to ${f.range?.max} (${where(r, f, true)}); scored as given, less reliably.`);
    else out.push(`  ${f.column}: ${plural(f.count, 'value is', 'values are')} missing (${where(r, f, false)}); filled in as in training.`);
  }
  if (!findings.length && !r.missingColumns.length) out.push('  Every value fits what the model was trained on.');
  if (r.unscored.count) {
    out.push(`  ${plural(r.unscored.count, 'row', 'rows')} could not be scored (left without a prediction): ${r.unscored.examples.map((e) => `${r.unit} ${e.line}: ${e.reason.replace(/^not scored: /, '')}`).join('; ')}${r.unscored.count > r.unscored.examples.length ? '; …' : ''}.`);
  }
  if (r.idColumns.length) out.push(`  Copied to the output to identify rows: ${r.idColumns.join(', ')}.`);
  if (r.ignoredColumns.length) out.push(`  Not used by the model: ${r.ignoredColumns.join(', ')}.`);
  return out;
}
