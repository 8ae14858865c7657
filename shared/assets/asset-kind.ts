// Which fetched bodies count as replay assets. Only what a replayed page can use without running
// anything: stylesheets, fonts and images (an SVG image runs no script as <img> or a CSS image).

export type AssetKind = 'style' | 'font' | 'image';

const FONT_TYPES = new Set([
  'application/font-woff',
  'application/font-woff2',
  'application/x-font-woff',
  'application/font-sfnt',
  'application/x-font-ttf',
  'application/x-font-otf',
  'application/x-font-opentype',
  'application/vnd.ms-fontobject',
]);

const FONT_EXTENSION = /\.(woff2?|ttf|otf|eot)$/i;

/** The media type without parameters, lower case: `text/css; charset=utf-8` → `text/css`. */
export function bareMime(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/**
 * The asset kind of a response, or null when it is none of ours. Fonts are often served as
 * `application/octet-stream`: then the address's extension decides.
 */
export function assetKindOf(contentType: string, url = ''): AssetKind | null {
  const mime = bareMime(contentType);
  if (mime === 'text/css') return 'style';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('font/') || FONT_TYPES.has(mime)) return 'font';
  if ((mime === 'application/octet-stream' || mime === '') && FONT_EXTENSION.test(pathOf(url)))
    return 'font';
  return null;
}

/** The media type an asset is stored and replayed with: fonts served as octet-stream get a font type. */
export function assetMimeOf(contentType: string, url = ''): string | null {
  const kind = assetKindOf(contentType, url);
  if (!kind) return null;
  const mime = bareMime(contentType);
  if (kind !== 'font' || mime.startsWith('font/') || FONT_TYPES.has(mime)) return mime;
  const extension = FONT_EXTENSION.exec(pathOf(url))?.[1]?.toLowerCase() ?? 'woff2';
  return extension === 'eot' ? 'application/vnd.ms-fontobject' : `font/${extension}`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
