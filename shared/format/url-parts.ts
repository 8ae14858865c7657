// The parts of a stored address people read. Stored addresses are not always valid URLs (an old or
// imported recording): then the text is shown as it is.

/** `shop.example:8080`, or '' when the text is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** `/cart`, plus `?step=2` and `#pay` when asked for: what a list or a message shows. */
export function pathOf(url: string, with_: { search?: boolean; hash?: boolean } = {}): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + (with_.search ? parsed.search : '') + (with_.hash ? parsed.hash : '');
  } catch {
    return url;
  }
}

/** Path, query and fragment: an address within its site, as the viewer's lists show it. */
export function sitePath(url: string): string {
  return pathOf(url, { search: true, hash: true });
}
