// Why a data: URL and not a manifest sandbox page: rrweb's Replayer rebuilds the recording into a
// child iframe (sandbox="allow-same-origin", no scripts) that it must script from its parent. In a
// manifest sandbox page the parent's sandbox flags pass to that child, which then gets an origin of
// its own and rrweb cannot reach it. A data: document has an opaque origin without sandbox flags:
// no extension API, no access to the viewer or its database, and the child shares its origin.

/** Whether replayed pages may load their images, styles and fonts from the network. */
export type ReplayNetwork = 'live' | 'none';

/**
 * The replay frame's HTML (the built viewer/replay/replay-frame.html), ready to be a data: URL:
 * asset paths made absolute on the extension's origin, and a CSP that allows only our own scripts
 * (the page inherits the extension's script-src too) and, with `network: 'none'`, no network.
 */
export function replayFrameDocument(
  builtHtml: string,
  extensionOrigin: string,
  network: ReplayNetwork,
): string {
  const origin = extensionOrigin.replace(/\/$/, '');
  const remote = network === 'live' ? ' http: https:' : '';
  const csp = [
    "default-src 'none'",
    `script-src ${origin}/assets/`,
    `style-src ${origin}/assets/ 'unsafe-inline' data: blob:${remote}`,
    `img-src data: blob:${remote}`,
    `font-src data: blob:${remote}`,
    `media-src data: blob:${remote}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  const absolute = builtHtml.replace(/\b(src|href)="\/(?!\/)/g, `$1="${origin}/`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}" />`;
  // First thing in <head>: a CSP meta applies only to what comes after it.
  return absolute.replace(/<head>/i, `<head>${meta}`);
}

/** A data: URL for a document (UTF-8, base64). */
export function dataUrlOf(html: string): string {
  const bytes = new TextEncoder().encode(html);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:text/html;base64,${btoa(binary)}`;
}
