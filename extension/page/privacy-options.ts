import type { recordOptions } from 'rrweb';
import { isCardNumber } from '../../shared/privacy/redact';
import { maskFieldValue, sensitiveFieldKind } from '../../shared/privacy/sensitive-field';
import type { PrivacyLevel } from '../../shared/settings/settings';

function isSensitiveElement(element: HTMLElement): boolean {
  // rrweb tags a field that was ever type=password, so a "show password" toggle stays masked.
  if (element.hasAttribute('data-rr-is-password')) return true;
  return (
    sensitiveFieldKind({
      tagName: element.tagName,
      type: element.getAttribute('type') ?? '',
      autocomplete: element.getAttribute('autocomplete') ?? '',
      name: element.getAttribute('name') ?? '',
      id: element.id,
    }) !== null
  );
}

// rrweb's maskAllInputs leaves out type=hidden, where one-time codes, card tokens and CSRF tokens
// live: list every kind of field ourselves, hidden included.
const EVERY_FIELD = {
  color: true,
  date: true,
  'datetime-local': true,
  email: true,
  month: true,
  number: true,
  range: true,
  search: true,
  tel: true,
  text: true,
  time: true,
  url: true,
  week: true,
  textarea: true,
  select: true,
  password: true,
  hidden: true,
} as Record<string, boolean>;

/** Text a person types into an editable region is input too. */
const EDITABLE = '[contenteditable]:not([contenteditable="false"])';

/** A selector list the page's document accepts, or null (a bad one must not stop recording). */
function usableSelector(selector: string): string | null {
  const trimmed = selector.trim();
  if (!trimmed) return null;
  try {
    document.createDocumentFragment().querySelector(trimmed);
    return trimmed;
  } catch {
    return null;
  }
}

/**
 * rrweb options for a privacy level and the person's own selectors. Every input is masked at every
 * level; secrets lose even their length. `maskSelector` masks more text; `blockSelector` leaves
 * elements out entirely (replayed as an empty box of their size).
 */
export function rrwebPrivacyOptions(
  level: PrivacyLevel,
  selectors: { maskSelector?: string; blockSelector?: string } = {},
): Partial<recordOptions<unknown>> {
  const extraMask = usableSelector(selectors.maskSelector ?? '');
  const block = usableSelector(selectors.blockSelector ?? '');
  return {
    maskAllInputs: false,
    maskInputOptions: EVERY_FIELD,
    // A card number typed into a field with a bland name ("number") is known by its value.
    maskInputFn: (text, element) =>
      maskFieldValue(text, isSensitiveElement(element) || isCardNumber(text)),
    maskTextSelector:
      level === 'mask-all-text' ? '*' : extraMask ? `${EDITABLE}, ${extraMask}` : EDITABLE,
    ...(block ? { blockSelector: block } : {}),
  };
}

/**
 * Whether rrweb keeps an element's text out under these options: all text at the strict level;
 * otherwise editable regions and the mask and block selectors, around the element or inside it (a
 * button's name is its inner text). Our own signals that name an element follow it.
 */
export function isTextMasked(
  element: Element,
  level: PrivacyLevel,
  selectors: { maskSelector?: string; blockSelector?: string } = {},
): boolean {
  if (level === 'mask-all-text') return true;
  const hidden = [
    EDITABLE,
    usableSelector(selectors.maskSelector ?? ''),
    usableSelector(selectors.blockSelector ?? ''),
  ]
    .filter(Boolean)
    .join(', ');
  return element.closest(hidden) !== null || element.querySelector(hidden) !== null;
}
