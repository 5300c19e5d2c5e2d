/**
 * A small streaming XML tag scanner for the parts of an .xlsx file: feed decoded text in chunks;
 * it calls back for every tag (name without namespace prefix, the raw tag text) and for the text
 * between tags while the handler asks for it. Comments, processing instructions and CDATA are
 * handled; DTDs are not (SpreadsheetML has none).
 */

export interface XmlHandler {
  tag(name: string, raw: string, open: boolean, selfClosing: boolean): void;
  /** Text between tags, already entity-decoded; only called while `wantText()` is true. */
  text(s: string): void;
  wantText(): boolean;
}

export class XmlScanner {
  #rest = '';
  readonly #h: XmlHandler;

  constructor(h: XmlHandler) {
    this.#h = h;
  }

  feed(chunk: string): void {
    const s = this.#rest.length ? this.#rest + chunk : chunk;
    this.#rest = '';
    const h = this.#h;
    let p = 0;
    const n = s.length;
    while (p < n) {
      const lt = s.indexOf('<', p);
      if (lt < 0) break;
      if (lt > p && h.wantText()) h.text(decodeXml(s.slice(p, lt)));
      p = lt;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        let endMark = '>';
        let textStart = -1;
        if (s.startsWith('<!--', lt)) endMark = '-->';
        else if (s.startsWith('<![CDATA[', lt)) {
          endMark = ']]>';
          textStart = lt + 9;
        } else if (c1 === 63) endMark = '?>';
        else if (lt + 9 > n) break; // maybe a CDATA start cut by the chunk end
        const e = s.indexOf(endMark, lt + 2);
        if (e < 0) break;
        if (textStart >= 0 && h.wantText()) h.text(s.slice(textStart, e));
        p = e + endMark.length;
        continue;
      }
      const gt = tagEnd(s, lt);
      if (gt < 0) break;
      const closing = c1 === 47; /* / */
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      let i = lt + (closing ? 2 : 1);
      const nameStart = i;
      let colon = -1;
      for (; i < gt; i++) {
        const c = s.charCodeAt(i);
        if (c <= 32 || c === 47 || c === 62) break;
        if (c === 58) colon = i;
      }
      const name = s.slice(colon >= 0 ? colon + 1 : nameStart, i);
      h.tag(name, s.slice(lt, gt + 1), !closing, selfClosing);
      p = gt + 1;
    }
    if (p < n) this.#rest = s.slice(p);
  }
}

/** The `>` that ends the tag starting at `lt`, skipping quoted attribute values; -1 if not in `s` yet. */
function tagEnd(s: string, lt: number): number {
  let gt = s.indexOf('>', lt);
  while (gt >= 0) {
    let quotes = 0;
    for (let q = s.indexOf('"', lt); q >= 0 && q < gt; q = s.indexOf('"', q + 1)) quotes++;
    if (quotes % 2 === 0) return gt;
    gt = s.indexOf('>', gt + 1);
  }
  return -1;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const attrCache = new Map<string, RegExp>();

/** An attribute's decoded value from a raw tag; `name` may be `*:id` for any namespace prefix. */
export function attr(raw: string, name: string): string | undefined {
  let re = attrCache.get(name);
  if (!re) {
    const n = name.startsWith('*:') ? String.raw`[\w.-]+:` + name.slice(2) : name.replace(':', '\\:');
    re = new RegExp(String.raw`\s${n}\s*=\s*(?:"([^"]*)"|'([^']*)')`);
    attrCache.set(name, re);
  }
  const m = re.exec(raw);
  if (!m) return undefined;
  return decodeXml(m[1] ?? m[2] ?? '');
}
