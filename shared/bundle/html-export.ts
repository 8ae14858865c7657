// The self-contained HTML export: the standalone viewer's one file (its script, styles and replay
// frame inline, allowed by hash) with a bundle embedded, base64, in an element that never runs.
// Opened from disk it replays the session with no server and no network.

/** The element an HTML export carries its bundle in. */
export const EMBEDDED_BUNDLE_ID = 'tabreel-bundle';
export const HTML_EXPORT_EXTENSION = '.html';
export const HTML_EXPORT_MEDIA_TYPE = 'text/html';

/** In the standalone viewer's CSP: a `?bundle=` fetch from its own origin, which an export has none of. */
const SERVED_CONNECT_SRC = "connect-src 'self'";
const EXPORT_CONNECT_SRC = "connect-src 'none'";
/** Bytes per base64 piece: a multiple of 3, so pieces join without padding in between. */
const BASE64_PIECE_BYTES = 3 * 16 * 1024;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Base64 of the bytes of several pieces, as if they were one, a piece at a time. */
export function* base64Pieces(parts: Iterable<Uint8Array>): Generator<string> {
  let carry = new Uint8Array(0);
  const encode = (bytes: Uint8Array) => {
    let binary = '';
    for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
    return btoa(binary);
  };
  for (const part of parts) {
    let bytes = part;
    if (carry.length > 0) {
      bytes = new Uint8Array(carry.length + part.length);
      bytes.set(carry);
      bytes.set(part, carry.length);
    }
    const whole = bytes.length - (bytes.length % 3);
    for (let at = 0; at < whole; at += BASE64_PIECE_BYTES)
      yield encode(bytes.subarray(at, Math.min(whole, at + BASE64_PIECE_BYTES)));
    carry = bytes.slice(whole);
  }
  if (carry.length > 0) yield encode(carry);
}

/**
 * The pieces of one HTML file: `viewerHtml` (the built standalone viewer) titled after the session,
 * its CSP narrowed to no network at all, and the bundle (`bundleParts`, as written) embedded for
 * the page to open on arrival under `fileName`. Strings from the bundle never reach the markup but
 * the title and the name, both escaped.
 */
export function htmlExportParts(
  viewerHtml: string,
  bundleParts: readonly Uint8Array[],
  options: { fileName: string; title: string },
): string[] {
  const bodyEnd = viewerHtml.lastIndexOf('</body>');
  if (!viewerHtml.includes(SERVED_CONNECT_SRC) || bodyEnd < 0)
    throw new Error('The standalone viewer page is not the one this export expects.');
  const head = viewerHtml
    .slice(0, bodyEnd)
    .replace(SERVED_CONNECT_SRC, EXPORT_CONNECT_SRC)
    .replace(
      /<title>[^<]*<\/title>/,
      () => `<title>${escapeHtml(options.title)} · Tabreel</title>`,
    );
  return [
    head,
    `<script type="application/octet-stream" id="${EMBEDDED_BUNDLE_ID}" data-name="${escapeHtml(options.fileName)}">`,
    ...base64Pieces(bundleParts),
    '</script>\n',
    viewerHtml.slice(bodyEnd),
  ];
}
