// The addresses inside CSS text: `url(…)` (fonts, background images, quoted or not) and `@import`
// with a bare string. One pass that can also replace them, so capture and replay agree on what an
// asset address is.

const CSS_URL =
  /url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|([^)"'\s]*))\s*\)|@import\s+(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')/gi;

/**
 * Calls `replace` with every address in `css` as written (escapes undone) and puts back what it
 * returns, quoted; null keeps the original text. Returns the new CSS (the same string when nothing
 * changed).
 */
export function mapCssUrls(css: string, replace: (url: string) => string | null): string {
  if (!css.includes('url(') && !css.includes('URL(') && !/@import/i.test(css)) return css;
  let changed = false;
  const out = css.replace(
    CSS_URL,
    (whole, dq?: string, sq?: string, bare?: string, idq?: string, isq?: string) => {
      const written = dq ?? sq ?? bare ?? idq ?? isq ?? '';
      const url = written.replace(/\\(.)/g, '$1').trim();
      if (!url) return whole;
      const next = replace(url);
      if (next === null) return whole;
      changed = true;
      const quoted = `"${next.replace(/["\\\n]/g, (c) => (c === '\n' ? '' : `\\${c}`))}"`;
      return idq !== undefined || isq !== undefined ? `@import ${quoted}` : `url(${quoted})`;
    },
  );
  return changed ? out : css;
}

/** Every address in `css`, as written. */
export function cssUrls(css: string): string[] {
  const urls: string[] = [];
  mapCssUrls(css, (url) => {
    urls.push(url);
    return null;
  });
  return urls;
}
