// Why a data: URL and not a manifest sandbox page: rrweb's Replayer rebuilds the recording into a
// child iframe (sandbox="allow-same-origin", no scripts) that it must script from its parent. In a
// manifest sandbox page the parent's sandbox flags pass to that child, which then gets an origin of
// its own and rrweb cannot reach it. A data: document has an opaque origin without sandbox flags:
// no extension API, no access to the viewer or its database, and the child shares its origin.

/** Whether replayed pages may load their images, styles and fonts from the network. */
export type ReplayNetwork = 'live' | 'none';

/** The replay frame's HTML and where its own code may come from. */
export interface ReplayFrameTemplate {
  /** Its asset URLs absolute (the extension's), or its script and styles inline (standalone). */
  html: string;
  /** CSP sources for its scripts: the extension's assets path, or the inline script's hash. */
  scriptSrc: string;
  /** CSP sources for its stylesheets beside inline ones (the extension's assets path), or ''. */
  styleSrc: string;
}

/**
 * The built viewer/replay/replay-frame.html as served by the extension: asset paths made absolute
 * on the extension's origin, which its CSP then allows.
 */
export function servedFrameTemplate(
  builtHtml: string,
  extensionOrigin: string,
): ReplayFrameTemplate {
  const origin = extensionOrigin.replace(/\/$/, '');
  return {
    html: builtHtml.replace(/\b(src|href)="\/(?!\/)/g, `$1="${origin}/`),
    scriptSrc: `${origin}/assets/`,
    styleSrc: `${origin}/assets/`,
  };
}

/**
 * The replay frame's document, ready to be a data: URL: a CSP that allows only its own scripts
 * (the page inherits its viewer's policy too) and, with `network: 'none'`, no network.
 */
export function replayFrameDocument(template: ReplayFrameTemplate, network: ReplayNetwork): string {
  const remote = network === 'live' ? ' http: https:' : '';
  const styles = template.styleSrc ? `${template.styleSrc} ` : '';
  const csp = [
    "default-src 'none'",
    `script-src ${template.scriptSrc}`,
    `style-src ${styles}'unsafe-inline' data: blob:${remote}`,
    `img-src data: blob:${remote}`,
    `font-src data: blob:${remote}`,
    `media-src data: blob:${remote}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}" />`;
  // First thing in <head>: a CSP meta applies only to what comes after it.
  return template.html.replace(/<head>/i, () => `<head>${meta}`);
}

/** A data: URL for a document (UTF-8, base64). */
export function dataUrlOf(html: string): string {
  const bytes = new TextEncoder().encode(html);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:text/html;base64,${btoa(binary)}`;
}
