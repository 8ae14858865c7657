/** The attributes of a form field that tell whether it holds a secret. Plain data: no DOM here. */
export interface FieldDescriptor {
  tagName: string;
  type: string;
  autocomplete: string;
  name: string;
  id: string;
}

export type SensitiveKind = 'password' | 'credit-card' | 'one-time-code';

// autocomplete tokens from the HTML spec's autofill field names.
const CARD_AUTOCOMPLETE =
  /\bcc-(number|csc|exp|exp-month|exp-year|name|given-name|family-name|additional-name|type)\b/;
const OTP_AUTOCOMPLETE = /\bone-time-code\b/;
const PASSWORD_AUTOCOMPLETE = /\b(current|new)-password\b/;
// Name/id heuristics for fields without autocomplete hints (what most checkout forms look like).
const CARD_NAME =
  /(credit.?card)|(card.?(num|no|number|code|cvc|cvv|csc|exp|security))|(^|[^a-z])(cc.?(num|number|csc|cvc|cvv|exp))|cvv|cvc|csc|security.?code|pan$/i;
const OTP_NAME = /(^|[^a-z])(otp|totp|2fa|mfa)([^a-z]|$)|one.?time|verification.?code|auth.?code/i;
const PASSWORD_NAME = /pass(word|wd|code|phrase)?([^a-z]|$)|pwd|secret|pin$/i;

/** Whether a field holds a password, card detail or one-time code: never stored, whatever the settings. */
export function sensitiveFieldKind(field: FieldDescriptor): SensitiveKind | null {
  const type = field.type.toLowerCase();
  const autocomplete = field.autocomplete.toLowerCase();
  // Name and id one at a time: joined, the `$` anchors (`pin$`, `pan$`) could only match the id.
  const named = (pattern: RegExp) => pattern.test(field.name) || pattern.test(field.id);
  if (type === 'password' || PASSWORD_AUTOCOMPLETE.test(autocomplete)) return 'password';
  if (CARD_AUTOCOMPLETE.test(autocomplete)) return 'credit-card';
  if (OTP_AUTOCOMPLETE.test(autocomplete)) return 'one-time-code';
  if (field.tagName.toLowerCase() === 'input' && type !== 'checkbox' && type !== 'radio') {
    if (named(CARD_NAME)) return 'credit-card';
    if (named(OTP_NAME)) return 'one-time-code';
    if (named(PASSWORD_NAME)) return 'password';
  }
  return null;
}

/** What a masked value is stored as. Sensitive values keep not even their length. */
export function maskFieldValue(value: string, sensitive: boolean): string {
  return sensitive ? '' : '*'.repeat(value.length);
}
