import type { recordOptions } from 'rrweb';
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

/** rrweb options for a privacy level. Every input is masked at every level; secrets lose even their length. */
export function rrwebPrivacyOptions(level: PrivacyLevel): Partial<recordOptions<unknown>> {
  return {
    maskAllInputs: true,
    maskInputFn: (text, element) => maskFieldValue(text, isSensitiveElement(element)),
    maskTextSelector: level === 'mask-all-text' ? '*' : undefined,
  };
}
