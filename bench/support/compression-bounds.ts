import { brotliCompressSync, constants, deflateRawSync } from 'node:zlib';

/**
 * How far a session's JSON could compress at best, beside what we store: the whole session as one
 * stream (no chunk boundaries, zlib's highest level; and brotli at its highest, as another codec),
 * and the page's text alone. When stored ≈ the one-stream bound, a ratio target missed is the
 * content's, not the storage's (D1's article).
 */
export interface CompressionBounds {
  /** UTF-8 bytes of the session's events as one JSON array. */
  rawBytes: number;
  /** deflate-raw, level 9, of that one array. */
  deflate9Bytes: number;
  /** brotli, quality 11, 16 MB window, of that one array. */
  brotliBytes: number;
  /** UTF-8 bytes of the page text the events carry (text nodes' content, text changes). */
  textBytes: number;
  /** deflate-raw, level 9, of that text alone. */
  textDeflate9Bytes: number;
}

/** Every string the events carry as page text: serialized text nodes and text mutations. */
function collectText(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectText(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  // A serialized text node (rrweb's type 3) carries `textContent`; a text mutation, `value`.
  if (record.type === 3 && typeof record.textContent === 'string') into.push(record.textContent);
  for (const [key, item] of Object.entries(record)) {
    if (key === 'texts' && Array.isArray(item)) {
      for (const change of item as { value?: unknown }[])
        if (typeof change?.value === 'string') into.push(change.value);
    } else if (typeof item === 'object') collectText(item, into);
  }
}

/** `chunkJson`: each stored chunk's JSON array, in the session's order. */
export function compressionBounds(chunkJson: readonly string[]): CompressionBounds {
  const inner = chunkJson.map((json) => json.trim().slice(1, -1).trim()).filter(Boolean);
  const joined = Buffer.from(`[${inner.join(',')}]`);
  const text: string[] = [];
  for (const json of chunkJson) collectText(JSON.parse(json) as unknown, text);
  const textBytes = Buffer.from(text.join('\n'));
  return {
    rawBytes: joined.byteLength,
    deflate9Bytes: deflateRawSync(joined, { level: 9 }).byteLength,
    brotliBytes: brotliCompressSync(joined, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: joined.byteLength,
      },
    }).byteLength,
    textBytes: textBytes.byteLength,
    textDeflate9Bytes: deflateRawSync(textBytes, { level: 9 }).byteLength,
  };
}
