// Bytes ↔ base64 for asset records, with the platform's atob/btoa (present in the service worker,
// extension pages and Node), a slice at a time so a multi-megabyte font never builds one huge
// intermediate string of char codes.

/** A multiple of 3: each slice encodes without padding, so the slices join into one base64 text. */
const SLICE = 3 * 10_000;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += SLICE)
    parts.push(btoa(String.fromCharCode(...bytes.subarray(at, at + SLICE))));
  return parts.join('');
}

/** Decodes base64; throws on anything that is not (atob's own check). */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
