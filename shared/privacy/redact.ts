// Console text, error messages and URLs can carry secrets the page never meant to show. These
// redact the obvious ones before anything is stored: bearer tokens, JWTs, secret-looking query and
// key=value pairs, card numbers (Luhn-valid), and URL credentials. Then they truncate.

export const MAX_TEXT_LENGTH = 2000;
export const MAX_URL_LENGTH = 2048;
export const REDACTED = '[redacted]';

/** Names whose values are secrets, in a query string, a form body or `key=value` text. */
const SECRET_NAME =
  /^(access[-_]?token|refresh[-_]?token|id[-_]?token|token|auth|authorization|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pwd|pass|session(id)?|sid|sig|signature|code|otp|jwt|credentials?)$/i;
/**
 * …and names that end in a secret word: `reset_token`, `sessionToken`, `new_password`,
 * `X-Amz-Signature`, and the servers' session cookies (`JSESSIONID`, `PHPSESSID`, `ASP.NET_SessionId`).
 */
const SECRET_SUFFIX =
  /(token|secret|password|passwd|passphrase|pwd|signature|api[-_]?key|credentials?|sess(ion)?[-_]?id)$/i;
// An unsigned JWT (`alg: none`) has an empty signature, but its claims are as readable.
const JWT = /\beyJ[\w-]{5,}\.(?:[\w-]{5,}\.[\w-]{5,}|eyJ[\w-]{5,}\.)/g;
const IS_JWT = new RegExp(JWT.source);
const BEARER = /\b(Bearer|Basic|Token)\s+[\w\-.~+/]{8,}=*/gi;
// A name in free text: any word ending in a secret word (`reset_token`, `client_secret`), or a
// session id (`session_id`, `JSESSIONID`, `PHPSESSID`).
const TEXT_NAME =
  '\\w*?(?:token|secret|password|passwd|passphrase|pwd|api[-_]?key|apikey|otp|jwt|signature|sess(?:ion)?[-_]?id)|sid';
// `name=value`, `name: value`, `"name": "value"`, a form's `user[password]=value`: a quoted value is
// replaced whole, spaces and all.
const KEY_VALUE = new RegExp(
  `\\b(${TEXT_NAME})(\\]?["']?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|[^\\s"'&,;}#]+)`,
  'gi',
);
// A logged object, as describeValue writes it (`{user: jane, password: two words}`): its values are
// unquoted and end at the next entry or the closing brace, not at a space.
const OBJECT_ENTRY = new RegExp(`([{,]\\s*)(${TEXT_NAME})(\\s*:\\s*)(?!["'])[^,}\\n]+`, 'gi');
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether text is a card number: 13 to 19 digits, spaces or dashes between, Luhn-valid, and not
 * starting with 0 or 1 (no card network's numbers do, but for the 15 digits of airlines' UATP).
 * Without that last rule one timestamp in ten (`?_=1764427200001`, 13 digits, milliseconds until
 * 2033) passed as a card and was redacted out of the page's address.
 */
export function isCardNumber(text: string): boolean {
  const digits = text.trim().replace(/[ -]/g, '');
  const network = /^[2-9]/.test(digits) || (digits.length === 15 && digits.startsWith('1'));
  return /^\d{13,19}$/.test(digits) && network && luhnValid(digits);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Free text (console messages, error messages, stacks): secrets replaced, then truncated. */
export function redactText(text: string, maxLength = MAX_TEXT_LENGTH): string {
  const redacted = text
    .replace(JWT, REDACTED)
    .replace(BEARER, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(
      OBJECT_ENTRY,
      (_, before: string, name: string, sep: string) => `${before}${name}${sep}${REDACTED}`,
    )
    .replace(KEY_VALUE, (_, name: string, sep: string, value: string) => {
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${name}${sep}${quote}${REDACTED}${quote}`;
    })
    .replace(CARD_CANDIDATE, (match) => (isCardNumber(match) ? REDACTED : match));
  return truncate(redacted, maxLength);
}

function isSecretName(name: string): boolean {
  // A form's nested names (`user[password]`, `session[token][]`) are named by their last key.
  const key = /\[([^[\]]+)\]\W*$/.exec(name)?.[1] ?? name;
  return SECRET_NAME.test(key) || SECRET_SUFFIX.test(key);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const RELATIVE_BASE = 'https://relative.invalid';
/**
 * Addresses are read this deep at most (each level parses all the rest again: 200 levels in 5.6 KB
 * cost 400 ms in the page); one deeper that has parameters is replaced whole (SSO chains).
 */
const MAX_NESTED_URLS = 3;

/**
 * A value that is itself an address (`?redirect_uri=https%3A%2F%2F…%3Fcode%3D…`, `?next=%2Fcb%3F…`)
 * redacted as one, encoded again; null when it is no address or holds nothing to redact.
 */
function redactNestedUrl(value: string, depth: number): string | null {
  if (!/^(?:https?:\/\/|\/)/i.test(value) || !/[?#;].*=/.test(value)) return null;
  if (depth >= MAX_NESTED_URLS) return REDACTED; // its parameters unread: none is kept
  // A path (`/cb?…`) or a scheme-relative address (`//host/cb?…`) is made absolute to be read, and
  // given back as it was written.
  const prefix = /^https?:/i.test(value) ? '' : value.startsWith('//') ? 'https:' : RELATIVE_BASE;
  const url = prefix + value;
  const redacted = redactUrlAt(url, Number.MAX_SAFE_INTEGER, depth + 1);
  if (redacted === url) return null;
  if (!redacted.startsWith(prefix)) return REDACTED; // changed, and not to be written back as it was
  const written = redacted.slice(prefix.length);
  return encodeURIComponent(written).replace(/%5Bredacted%5D/g, REDACTED);
}

/**
 * `a=1&token=x` → `a=1&token=[redacted]`: secret-named values, JWTs and card numbers (a GET form's
 * `4111+1111+…` too) replaced, secrets inside a nested address redacted; the rest as written.
 */
function redactParams(query: string, depth: number): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const value = decoded(pair.slice(eq + 1));
      const secret = isSecretName(decoded(name)) || IS_JWT.test(value) || isCardNumber(value);
      if (secret) return `${name}=${REDACTED}`;
      const nested = redactNestedUrl(value, depth);
      return nested === null ? pair : `${name}=${nested}`;
    })
    .join('&');
}

/** A URL with credentials removed and secret-looking query values replaced; truncated. */
export function redactUrl(url: string, maxLength = MAX_URL_LENGTH): string {
  return redactUrlAt(url, maxLength, 0);
}

/** redactUrl for an address `depth` levels inside another's parameters. */
function redactUrlAt(url: string, maxLength: number, depth: number): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url, maxLength);
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  const search = redactParams(parsed.search.slice(1), depth);
  if (search !== parsed.search.slice(1)) parsed.search = search;
  // Fragments carry OAuth tokens and codes (#access_token=…, #state=…&code=…), also after a
  // hash route (#/callback?code=…).
  if (parsed.hash.includes('=')) {
    const hash = parsed.hash.slice(1);
    const query = hash.indexOf('?');
    const [route, params] =
      query >= 0 && !hash.slice(0, query).includes('=')
        ? [hash.slice(0, query + 1), hash.slice(query + 1)]
        : ['', hash];
    parsed.hash = redactText(route + redactParams(params, depth), maxLength);
  }
  // The address and its query are read as text apart: a path's `;jsessionid=…` is redacted up to
  // the `?`, not with the query behind it.
  const href = parsed.toString();
  const tail = parsed.search + parsed.hash;
  const head = href.slice(0, href.length - tail.length);
  const text = (part: string) => redactText(part, Number.MAX_SAFE_INTEGER);
  return truncate(text(head) + text(tail), maxLength);
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g;

/** What only an address read as one can hide: credentials, parameters, a fragment, a `;jsessionid`. */
const URL_PARTS = /[?#;@]/;

/**
 * Free text that may quote whole URLs (a browser's error naming the page): each URL redacted as one.
 * A URL without parameters, fragment or credentials (a stack's script addresses, most of them) is
 * left to the text's own redaction: parsing it would find nothing more, on the page's thread.
 */
export function redactTextWithUrls(text: string, maxLength = MAX_TEXT_LENGTH): string {
  const urls = text.replace(URL_IN_TEXT, (url) =>
    URL_PARTS.test(url) ? redactUrl(url, Number.MAX_SAFE_INTEGER) : url,
  );
  return redactText(urls, maxLength);
}
