import type { EncodedChunk } from './chunk-codec';

/** Raw deflate with the browser's own compressor: the same format fflate writes, several times faster. */
export async function deflateNative(json: string): Promise<EncodedChunk> {
  const raw = new TextEncoder().encode(json);
  const stream = new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const data = new Uint8Array(await new Response(stream).arrayBuffer());
  return { data, rawBytes: raw.byteLength };
}
