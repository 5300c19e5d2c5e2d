/**
 * Pages of rows fetched on demand for the data grid. Only pages near the visible range are kept,
 * so memory stays flat however many rows the data has.
 */
import type { Cell, RowsPage } from '../../../../shared/dto';

export class RowPages {
  readonly pageSize: number;
  readonly #fetch: (offset: number, limit: number) => Promise<RowsPage>;
  readonly #onError: (e: unknown) => void;
  readonly #pages = new Map<number, Cell[][]>();
  readonly #numbers = new Map<number, number[]>();
  readonly #inflight = new Set<number>();
  #failed = false;
  /** Told the view's row count with every page (it changes with a filter). */
  onTotal?: (total: number) => void;
  /** Bumped whenever a page arrives, so readers re-render. */
  version = $state(0);

  constructor(fetch: (offset: number, limit: number) => Promise<RowsPage>, onError: (e: unknown) => void, pageSize = 200) {
    this.#fetch = fetch;
    this.#onError = onError;
    this.pageSize = pageSize;
  }

  /** The row, or undefined while its page is loading. Reactive through `version`. */
  row(index: number): Cell[] | undefined {
    void this.version;
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** The row's number in the file (1-based) when the view is sorted or filtered, else undefined. */
  rowNumber(index: number): number | undefined {
    void this.version;
    return this.#numbers.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Makes sure rows first..last (inclusive) are loaded or loading; drops far-away pages. */
  ensure(first: number, last: number): void {
    if (last < first) return;
    const p0 = Math.floor(first / this.pageSize);
    const p1 = Math.floor(last / this.pageSize);
    for (let p = p0; p <= p1; p++) void this.#load(p);
    if (this.#pages.size > 40) {
      for (const key of [...this.#pages.keys()]) if (key < p0 - 10 || key > p1 + 10) { this.#pages.delete(key); this.#numbers.delete(key); }
    }
  }

  async #load(page: number) {
    if (this.#pages.has(page) || this.#inflight.has(page)) return;
    this.#inflight.add(page);
    try {
      const r = await this.#fetch(page * this.pageSize, this.pageSize);
      this.#pages.set(page, r.rows);
      if (r.rowNumbers) this.#numbers.set(page, r.rowNumbers);
      this.onTotal?.(r.total);
      this.#failed = false;
      this.version++;
    } catch (e) {
      // One message per run of failures, not one per page.
      if (!this.#failed) this.#onError(e);
      this.#failed = true;
    } finally {
      this.#inflight.delete(page);
    }
  }
}
