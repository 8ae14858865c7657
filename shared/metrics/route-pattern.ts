/** Placeholders for the parts of a path that name one record rather than a page. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX_HASH = /^[0-9a-f]{16,}$/i;
// Long opaque tokens (base64url ids, slugs with a hash tail) carry a digit and no word breaks.
const TOKEN = /^(?=.*\d)[A-Za-z0-9_-]{24,}$/;

/** One path segment as its pattern: `:id`, `:uuid`, `:hash`, or the segment itself. */
export function segmentPattern(segment: string): string {
  if (NUMBER.test(segment)) return ':id';
  if (UUID.test(segment)) return ':uuid';
  if (HEX_HASH.test(segment) || TOKEN.test(segment)) return ':hash';
  return segment;
}

/**
 * A URL's route pattern: its host and path with record ids as placeholders, no query or fragment,
 * no trailing slash (`https://shop.example/order/12/?x=1` → `shop.example/order/:id`). Text that is
 * not a URL is kept as it is (an old or imported recording).
 */
export function routePattern(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const segments = parsed.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => segmentPattern(safeDecode(s)));
  return `${parsed.host}/${segments.join('/')}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
