/**
 * Date steps: calendar parts, cyclical (sin/cos) encodings and days since a reference date.
 *
 * Dates arrive as milliseconds since 1970-01-01T00:00Z (wall-clock dates read as UTC), so the
 * UTC calendar parts are the ones the user sees. The calendar arithmetic is written once, over an
 * abstract set of operations ({@link Arith}), and run twice: on Float64Arrays in the app and as
 * ONNX nodes in the exported model, so both do exactly the same float64 operations (Floor, Div,
 * Mul, Add, Sub; no integer division or Mod, whose negative-number rules differ). The civil date
 * comes from the day number by Howard Hinnant's `civil_from_days`, valid for any date, before
 * 1970 included. Missing dates (NaN) give NaN in every output.
 */
import type { OnnxGraph } from '../export/onnx/graph';
import { registerStep } from './registry';
import type { OnnxEnv, WorkColumn } from './types';
import { appendSchema, numColumn } from './util';

/** The operations the calendar arithmetic uses: constants and element-wise float64 arithmetic. */
export interface Arith<T> {
  k(x: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  floor(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
}

type Vec = number | Float64Array;

function lift1(f: (x: number) => number): (a: Vec) => Vec {
  return (a) => (typeof a === 'number' ? f(a) : a.map(f));
}
function lift2(f: (x: number, y: number) => number): (a: Vec, b: Vec) => Vec {
  return (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return f(a, b);
    const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(typeof a === 'number' ? a : a[i]!, typeof b === 'number' ? b : b[i]!);
    return out;
  };
}

/** The app's arithmetic: element-wise over Float64Arrays, constants as plain numbers. */
export const vecArith: Arith<Vec> = {
  k: (x) => x,
  add: lift2((x, y) => x + y),
  sub: lift2((x, y) => x - y),
  mul: lift2((x, y) => x * y),
  div: lift2((x, y) => x / y),
  floor: lift1(Math.floor),
  sin: lift1((x) => tidy(Math.sin(x))),
  cos: lift1((x) => tidy(Math.cos(x))),
};

/**
 * Sine and cosine rounded to 12 decimals (halves to even, as ONNX Round): onnxruntime's and V8's
 * sin/cos can differ in the last bit, and a tree split between two nearly equal values (sin π
 * = 1.2e-16 and sin 0 = 0) would then send a row the other way in the exported model.
 */
function tidy(v: number): number {
  const x = v * 1e12;
  const r = Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
  return (r === 0 ? 0 : r) / 1e12;
}

/** The exported model's arithmetic: ONNX nodes on double tensors, constants as double scalars. */
export function onnxArith(g: OnnxGraph): Arith<string> {
  const consts = new Map<number, string>();
  const bin = (op: string) => (a: string, b: string) => g.op(op, [a, b]);
  return {
    k(x) {
      let name = consts.get(x);
      if (name === undefined) { name = g.constant('date_k', { elem: 'double', dims: [], values: [x] }); consts.set(x, name); }
      return name;
    },
    add: bin('Add'), sub: bin('Sub'), mul: bin('Mul'), div: bin('Div'),
    floor: (a) => g.op('Floor', [a]),
    sin: (a) => tidyOnnx(g.op('Sin', [a])),
    cos: (a) => tidyOnnx(g.op('Cos', [a])),
  };

  function tidyOnnx(v: string): string {
    const scale = g.constant('date_trig_scale', { elem: 'double', dims: [], values: [1e12] });
    return g.op('Div', [g.op('Round', [g.op('Mul', [v, scale])]), scale]);
  }
}

const MS_PER_DAY = 86_400_000;

/**
 * Calendar values of milliseconds since the epoch (UTC), each computed on first use. Weekday:
 * Monday = 0 … Sunday = 6 (as pandas' `dayofweek`).
 */
export class Calendar<T> {
  private readonly memo = new Map<string, T>();
  constructor(readonly a: Arith<T>, readonly ms: T) {}

  private once(key: string, f: () => T): T {
    let v = this.memo.get(key);
    if (v === undefined) { v = f(); this.memo.set(key, v); }
    return v;
  }
  /** floor(x / d) */
  private fdiv(x: T, d: number): T {
    return this.a.floor(this.a.div(x, this.a.k(d)));
  }
  /** a*x + b (the common shape below). */
  private lin(x: T, a: number, b: number): T {
    const ax = a === 1 ? x : this.a.mul(this.a.k(a), x);
    return b === 0 ? ax : this.a.add(ax, this.a.k(b));
  }

  /** Days since 1970-01-01 (floored, so times before the epoch fall on the right day). */
  days(): T { return this.once('days', () => this.fdiv(this.ms, MS_PER_DAY)); }
  /** Milliseconds since midnight. */
  msOfDay(): T { return this.once('msOfDay', () => this.a.sub(this.ms, this.a.mul(this.days(), this.a.k(MS_PER_DAY)))); }
  hour(): T { return this.once('hour', () => this.fdiv(this.msOfDay(), 3_600_000)); }

  /** Hinnant's civil_from_days, in floor arithmetic. */
  private civil(): { year: T; month: T; day: T } {
    const a = this.a;
    const year = this.memo.get('year');
    if (year !== undefined) return { year, month: this.memo.get('month')!, day: this.memo.get('day')! };
    const z = this.lin(this.days(), 1, 719_468);
    const era = this.fdiv(z, 146_097);
    const doe = a.sub(z, a.mul(era, a.k(146_097))); // [0, 146096]
    const yoeNum = a.sub(a.add(a.sub(doe, this.fdiv(doe, 1460)), this.fdiv(doe, 36_524)), this.fdiv(doe, 146_096));
    const yoe = this.fdiv(yoeNum, 365); // [0, 399]
    const doy = a.sub(doe, a.sub(a.add(a.mul(a.k(365), yoe), this.fdiv(yoe, 4)), this.fdiv(yoe, 100))); // [0, 365], from March 1
    const mp = this.fdiv(this.lin(doy, 5, 2), 153); // [0, 11], March = 0
    const day = a.add(a.sub(doy, this.fdiv(this.lin(mp, 153, 2), 5)), a.k(1));
    const carry = this.fdiv(mp, 10); // 1 for January and February (next calendar year)
    const month = a.sub(this.lin(mp, 1, 3), a.mul(a.k(12), carry));
    const y = a.add(a.add(yoe, a.mul(era, a.k(400))), carry);
    this.memo.set('year', y);
    this.memo.set('month', month);
    this.memo.set('day', day);
    return { year: y, month, day };
  }
  year(): T { return this.civil().year; }
  /** 1–12 */
  month(): T { return this.civil().month; }
  /** 1–31 */
  day(): T { return this.civil().day; }
  /** 1–4 */
  quarter(): T { return this.once('quarter', () => this.a.add(this.fdiv(this.a.sub(this.month(), this.a.k(1)), 3), this.a.k(1))); }
  /** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
  weekday(): T {
    return this.once('weekday', () => {
      const d = this.lin(this.days(), 1, 3);
      return this.a.sub(d, this.a.mul(this.a.k(7), this.fdiv(d, 7)));
    });
  }
  /** 1 on Saturdays and Sundays, else 0. */
  weekend(): T { return this.once('weekend', () => this.fdiv(this.weekday(), 5)); }
  /** 1–366: days since January 1 of the same year, plus 1 (Hinnant's days_from_civil for Jan 1). */
  dayOfYear(): T {
    return this.once('dayofyear', () => {
      const a = this.a;
      const y = this.lin(this.year(), 1, -1); // January counts in the previous March-based year
      const era = this.fdiv(y, 400);
      const yoe = a.sub(y, a.mul(era, a.k(400)));
      const doe = a.add(a.sub(a.add(a.mul(a.k(365), yoe), this.fdiv(yoe, 4)), this.fdiv(yoe, 100)), a.k(306));
      const jan1 = a.add(a.mul(era, a.k(146_097)), a.sub(doe, a.k(719_468)));
      return a.add(a.sub(this.days(), jan1), a.k(1));
    });
  }
}

export const DATE_PARTS = ['year', 'quarter', 'month', 'day', 'weekday', 'hour', 'weekend', 'dayofyear'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

function part<T>(cal: Calendar<T>, p: DatePart): T {
  switch (p) {
    case 'year': return cal.year();
    case 'quarter': return cal.quarter();
    case 'month': return cal.month();
    case 'day': return cal.day();
    case 'weekday': return cal.weekday();
    case 'hour': return cal.hour();
    case 'weekend': return cal.weekend();
    case 'dayofyear': return cal.dayOfYear();
  }
}

/** The chosen parts, in the fixed order of DATE_PARTS. */
function chosenParts(parts: readonly string[]): DatePart[] {
  return DATE_PARTS.filter((p) => parts.includes(p));
}

/** Float64Array from a value that may be a broadcast constant. */
function full(v: Vec, n: number): Float64Array {
  return typeof v === 'number' ? new Float64Array(n).fill(v) : v;
}

/** What a date step computes from one date column: named outputs, in order. Run both in the app and in ONNX. */
type DateOutputs = <T>(column: string, j: number, cal: Calendar<T>) => [string, T][];

/** For each column in order: compute its outputs, drop the date column (unless kept), append the outputs. */
function dateTransform(work: ReadonlyMap<string, WorkColumn>, columns: readonly string[], keep: boolean, outputs: DateOutputs): Map<string, WorkColumn> {
  const out = new Map(work);
  columns.forEach((c, j) => {
    const ms = numColumn(work, c).values;
    const computed = outputs(c, j, new Calendar<Vec>(vecArith, ms));
    if (!keep) out.delete(c);
    for (const [name, v] of computed) out.set(name, { type: 'num', values: full(v, ms.length) });
  });
  return out;
}

/** The same as {@link dateTransform}, as ONNX nodes on the env. */
function dateOnnx(g: OnnxGraph, env: OnnxEnv, columns: readonly string[], keep: boolean, outputs: DateOutputs): void {
  const arith = onnxArith(g);
  columns.forEach((c, j) => {
    const computed = outputs(c, j, new Calendar(arith, env.get(c)!.value));
    if (!keep) env.delete(c);
    for (const [name, v] of computed) env.set(name, { value: v, type: 'num', width: 1 });
  });
}

export type PartsParams = { parts: string[]; keep: boolean };

function partsOutputs(p: PartsParams): DateOutputs {
  return (c, _j, cal) => chosenParts(p.parts).map((x) => [`${c}_${x}`, part(cal, x)]);
}

export const dateParts = registerStep<PartsParams, Record<string, never>>({
  kind: 'date.parts',
  version: 1,
  label: 'Date parts',
  description:
    'Adds number columns for parts of each date: year, quarter, month, day of month, weekday (Monday = 0 … Sunday = 6), hour, weekend (1 on Saturday and Sunday) and day of the year, as the dates read. Missing dates give missing parts.',
  group: 'date',
  accepts: 'date',
  defaults: { parts: ['year', 'month', 'day', 'weekday'], keep: false },
  paramsInfo: [
    { name: 'parts', label: 'Parts', type: 'strings', choices: DATE_PARTS, help: 'weekday: Monday = 0 … Sunday = 6; dayofyear: 1 = January 1.' },
    { name: 'keep', label: 'Keep the date column', type: 'boolean' },
  ],
  validate(p) {
    const bad = p.parts.filter((x) => !(DATE_PARTS as readonly string[]).includes(x));
    if (bad.length) throw new Error(`Unknown date parts: ${bad.join(', ')}. Choose from ${DATE_PARTS.join(', ')}.`);
    if (chosenParts(p.parts).length === 0) throw new Error('Choose at least one date part.');
  },
  schema: (input, columns, p) =>
    columns.reduce<ReturnType<typeof appendSchema>>(
      (acc, c) => appendSchema(acc, p.keep ? [] : [c], chosenParts(p.parts).map((x) => [`${c}_${x}`, 'num'] as const)), input),
  fit: () => ({}),
  transform: (work, columns, p) => dateTransform(work, columns, p.keep, partsOutputs(p)),
  onnx: (g, env, columns, p) => dateOnnx(g, env, columns, p.keep, partsOutputs(p)),
});

export const CYCLES = ['month', 'dayofyear', 'weekday', 'hour'] as const;
export type Cycle = (typeof CYCLES)[number];

/** Position in the cycle as a fraction of a turn times 2π: the angle fed to sin and cos. */
function angle<T>(cal: Calendar<T>, cycle: Cycle): T {
  const a = cal.a;
  switch (cycle) {
    case 'month': return a.mul(a.sub(cal.month(), a.k(1)), a.k((2 * Math.PI) / 12));
    case 'dayofyear': return a.mul(a.sub(cal.dayOfYear(), a.k(1)), a.k((2 * Math.PI) / 365.25));
    case 'weekday': return a.mul(cal.weekday(), a.k((2 * Math.PI) / 7));
    case 'hour': return a.mul(cal.msOfDay(), a.k((2 * Math.PI) / MS_PER_DAY));
  }
}

export type CyclicalParams = { cycle: string; keep: boolean };

function cyclicalOutputs(p: CyclicalParams): DateOutputs {
  return (c, _j, cal) => {
    const cycle = p.cycle as Cycle;
    const x = angle(cal, cycle);
    return [[`${c}_${cycle}_sin`, cal.a.sin(x)], [`${c}_${cycle}_cos`, cal.a.cos(x)]];
  };
}

export const dateCyclical = registerStep<CyclicalParams, Record<string, never>>({
  kind: 'date.cyclical',
  version: 1,
  label: 'Date as a cycle (sin/cos)',
  description:
    'Adds the sine and cosine of where each date falls in a cycle (month of the year, day of the year, day of the week or time of day), so December sits next to January. Missing dates give missing values.',
  group: 'date',
  accepts: 'date',
  defaults: { cycle: 'month', keep: false },
  paramsInfo: [
    { name: 'cycle', label: 'Cycle', type: 'choice', choices: CYCLES, help: 'month: 12 steps a year; dayofyear: a year of 365.25 days; weekday: 7 days; hour: the time of day, minutes included.' },
    { name: 'keep', label: 'Keep the date column', type: 'boolean' },
  ],
  validate(p) {
    if (!(CYCLES as readonly string[]).includes(p.cycle)) throw new Error(`Cycle must be one of ${CYCLES.join(', ')}.`);
  },
  schema: (input, columns, p) =>
    columns.reduce<ReturnType<typeof appendSchema>>(
      (acc, c) => appendSchema(acc, p.keep ? [] : [c], [[`${c}_${p.cycle}_sin`, 'num'], [`${c}_${p.cycle}_cos`, 'num']]), input),
  fit: () => ({}),
  transform: (work, columns, p) => dateTransform(work, columns, p.keep, cyclicalOutputs(p)),
  onnx: (g, env, columns, p) => dateOnnx(g, env, columns, p.keep, cyclicalOutputs(p)),
});

export type DaysSinceParams = { reference: string; keep: boolean };

/** Milliseconds (UTC) of an ISO date `YYYY-MM-DD`, optionally with `THH:MM[:SS]`; null when not one. */
export function parseIsoDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, se!);
  const back = new Date(ms);
  // Reject dates that do not exist (2021-02-30) rather than rolling them over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d || h! > 23 || mi! > 59 || se! > 59) return null;
  return ms;
}

/** (ms − reference) / ms per day. */
function daysSinceOutputs(reference: readonly number[]): DateOutputs {
  return (c, j, cal) => [[`${c}_days_since`, cal.a.div(cal.a.sub(cal.ms, cal.a.k(reference[j]!)), cal.a.k(MS_PER_DAY))]];
}

export const dateDaysSince = registerStep<DaysSinceParams, { reference: number[] }>({
  kind: 'date.days_since',
  version: 1,
  label: 'Days since a date',
  description:
    'Adds the number of days (with fractions for the time of day) from a reference date to each date; by default the reference is the earliest date of the training rows. Dates before it give negative numbers; missing dates give missing values.',
  group: 'date',
  accepts: 'date',
  defaults: { reference: '', keep: false },
  paramsInfo: [
    { name: 'reference', label: 'Reference date (YYYY-MM-DD)', type: 'string', help: 'Leave blank to use the earliest training date.' },
    { name: 'keep', label: 'Keep the date column', type: 'boolean' },
  ],
  validate(p) {
    if (p.reference.trim() !== '' && parseIsoDate(p.reference) === null) throw new Error(`The reference date ${p.reference} is not a date in the form YYYY-MM-DD.`);
  },
  schema: (input, columns, p) =>
    columns.reduce<ReturnType<typeof appendSchema>>((acc, c) => appendSchema(acc, p.keep ? [] : [c], [[`${c}_days_since`, 'num']]), input),
  fit(work, columns, p) {
    const fixed = p.reference.trim() === '' ? null : parseIsoDate(p.reference);
    return {
      reference: columns.map((c) => {
        if (fixed !== null) return fixed;
        let min = Infinity;
        for (const v of numColumn(work, c).values) if (v < min) min = v;
        // No training dates at all: count from 1970-01-01.
        return Number.isFinite(min) ? min : 0;
      }),
    };
  },
  transform: (work, columns, p, state) => dateTransform(work, columns, p.keep, daysSinceOutputs(state.reference)),
  onnx: (g, env, columns, p, state) => dateOnnx(g, env, columns, p.keep, daysSinceOutputs(state.reference)),
});
