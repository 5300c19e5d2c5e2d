/**
 * Just enough ZIP to read .xlsx files: the central directory (ZIP64 included) and each entry's
 * data, inflated with Node's zlib as a stream so a large sheet never sits in memory whole.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { AppError } from '../../shared/errors';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** The entries of a ZIP file, by name. */
export async function zipEntries(fh: FileHandle, size: number, file: string): Promise<Map<string, ZipEntry>> {
  const damaged = () => new AppError('bad-input', `The file ${file} is not a readable .xlsx workbook (its ZIP structure is damaged).`, { file });
  const tailLen = Math.min(size, 65_557);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { at = i; break; }
  if (at < 0) throw damaged();
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = at - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== EOCD64_LOCATOR) throw damaged();
    const rec = await readAt(fh, Number(tail.readBigUInt64LE(loc + 8)), 56);
    if (rec.readUInt32LE(0) !== EOCD64) throw damaged();
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw damaged();
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw damaged();
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let usize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extra field: the 64-bit values present are those whose 32-bit field is all ones, in this order.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (usize === 0xffffffff) { usize = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (localOffset === 0xffffffff) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.set(name.replace(/^\/+/, ''), { name, method, compressedSize, size: usize, localOffset });
    p = end + commentLen;
  }
  return entries;
}

async function dataStart(fh: FileHandle, entry: ZipEntry, file: string): Promise<number> {
  const h = await readAt(fh, entry.localOffset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== LOCAL) throw new AppError('bad-input', `The file ${file} is not a readable .xlsx workbook (entry ${entry.name} is damaged).`, { file });
  return entry.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
}

function checkMethod(entry: ZipEntry, file: string): void {
  if (entry.method !== 0 && entry.method !== 8) throw new AppError('bad-input', `The file ${file} uses a ZIP compression Modelbench cannot read (method ${entry.method}).`, { file });
}

/** A small entry, whole (workbook, relationships, styles). */
export async function readEntry(fh: FileHandle, entry: ZipEntry, file: string): Promise<Buffer> {
  checkMethod(entry, file);
  if (entry.size > 512 * 1024 * 1024) throw new AppError('bad-input', `The part ${entry.name} of ${file} is too large to read.`, { file });
  const raw = await readAt(fh, await dataStart(fh, entry, file), entry.compressedSize);
  try {
    return entry.method === 0 ? raw : inflateRawSync(raw);
  } catch {
    throw new AppError('bad-input', `The file ${file} is not a readable .xlsx workbook (entry ${entry.name} does not decompress).`, { file });
  }
}

/**
 * Streams an entry's uncompressed bytes. `onCompressed` reports compressed bytes read (progress).
 * Between chunks the event loop runs.
 */
export async function* streamEntry(path: string, fh: FileHandle, entry: ZipEntry, file: string, onCompressed: (bytes: number) => void): AsyncGenerator<Buffer> {
  checkMethod(entry, file);
  const start = await dataStart(fh, entry, file);
  if (entry.compressedSize === 0) return;
  const input = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  let read = 0;
  input.on('data', (c) => {
    read += c.length;
    onCompressed(read);
  });
  const source = entry.method === 0 ? input : input.pipe(createInflateRaw({ chunkSize: 1 << 20 }));
  input.on('error', (e) => source.destroy(e));
  try {
    for await (const chunk of source) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('bad-input', `The file ${file} is not a readable .xlsx workbook (entry ${entry.name} does not decompress).`, { file });
  } finally {
    input.destroy();
    source.destroy();
  }
}
