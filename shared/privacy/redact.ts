// Console text, error messages and URLs can carry secrets the page never meant to show. These
// redact the obvious ones before anything is stored: bearer tokens, JWTs, secret-looking query and
// key=value pairs, card numbers (Luhn-valid), and URL credentials. Then they truncate.

export const MAX_TEXT_LENGTH = 2000;
export const MAX_URL_LENGTH = 2048;
export const REDACTED = '[redacted]';

/** Names whose values are secrets, in a query string, a form body or `key=value` text. */
const SECRET_NAME =
  /^(access[-_]?token|refresh[-_]?token|id[-_]?token|token|auth|authorization|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pwd|pass|session(id)?|sid|sig|signature|code|otp|jwt|credentials?)$/i;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;
const BEARER = /\b(Bearer|Basic|Token)\s+[\w\-.~+/]{8,}=*/gi;
const KEY_VALUE =
  /\b(access[-_]?token|refresh[-_]?token|id[-_]?token|token|api[-_]?key|apikey|secret|client[-_]?secret|password|passwd|pwd|session[-_]?id|sid|signature|otp|jwt)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
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

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Free text (console messages, error messages, stacks): secrets replaced, then truncated. */
export function redactText(text: string, maxLength = MAX_TEXT_LENGTH): string {
  const redacted = text
    .replace(JWT, REDACTED)
    .replace(BEARER, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KEY_VALUE, (_, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(CARD_CANDIDATE, (match) => {
      const digits = match.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? REDACTED : match;
    });
  return truncate(redacted, maxLength);
}

/** A URL with credentials removed and secret-looking query values replaced; truncated. */
export function redactUrl(url: string, maxLength = MAX_URL_LENGTH): string {
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
  let changed = false;
  const params = new URLSearchParams(parsed.search);
  for (const [name, value] of [...params]) {
    if (SECRET_NAME.test(name) || JWT.test(value)) {
      params.set(name, REDACTED);
      changed = true;
    }
    JWT.lastIndex = 0;
  }
  if (changed) parsed.search = params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  // Fragments can carry OAuth implicit-flow tokens (#access_token=…).
  if (parsed.hash.includes('=')) {
    parsed.hash = redactText(parsed.hash.slice(1), maxLength);
  }
  return truncate(redactText(parsed.toString(), Number.MAX_SAFE_INTEGER), maxLength);
}
