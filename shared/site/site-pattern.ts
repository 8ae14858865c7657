// A site pattern names a host, optionally with a port: `example.com` matches the host and all its
// subdomains; `*.example.com` only subdomains; `localhost:8080` that host on that port only.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const PATTERN_RE = new RegExp(`^(\\*\\.)?(${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?$`);

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export function normalizeSitePattern(pattern: string): string {
  return pattern.trim().toLowerCase();
}

/**
 * A site as a person types or pastes it: an address from the address bar (`https://example.com/`,
 * `http://localhost:3000`) becomes its site (`example.com`, `localhost:3000`); a trailing slash
 * goes. Anything else comes back as typed, for the validation to refuse (a path: a site has none).
 */
export function sitePatternFromTyped(text: string): string {
  const typed = text.trim();
  if (/^https?:\/\//i.test(typed)) {
    try {
      const url = new URL(typed);
      if (url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password)
        return url.host;
    } catch {
      // Not an address: refused as typed.
    }
    return typed;
  }
  return typed.replace(/^([^/]+)\/$/, '$1');
}

export function isValidSitePattern(pattern: string): boolean {
  const match = PATTERN_RE.exec(normalizeSitePattern(pattern));
  if (!match) return false;
  const port = match[3];
  return port === undefined || (Number(port) > 0 && Number(port) < 65536);
}

export function siteMatches(pattern: string, url: URL): boolean {
  const match = PATTERN_RE.exec(normalizeSitePattern(pattern));
  if (!match) return false;
  const [, wildcard, host, port] = match;
  // URL drops a scheme's default port (`https://a.com:443/` has port ''): put it back to compare.
  if (port !== undefined && (url.port || DEFAULT_PORTS[url.protocol]) !== port) return false;
  const hostname = url.hostname.toLowerCase();
  const isSub = hostname.endsWith(`.${host}`);
  return wildcard ? isSub : hostname === host || isSub;
}
