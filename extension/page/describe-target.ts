import type { ActionTarget } from '../../shared/signals/signal-events';

const IMPLICIT_ROLES: Record<string, string> = {
  A: 'link',
  BUTTON: 'button',
  SELECT: 'combobox',
  TEXTAREA: 'textbox',
  IMG: 'img',
  FORM: 'form',
  NAV: 'navigation',
  SUMMARY: 'button',
};

function roleOf(element: Element): string {
  const explicit = element.getAttribute('role');
  if (explicit) return explicit.split(' ')[0]!;
  if (element.tagName === 'INPUT') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'checkbox' || type === 'radio') return type;
    if (type === 'submit' || type === 'button' || type === 'reset') return 'button';
    return 'textbox';
  }
  return IMPLICIT_ROLES[element.tagName] ?? element.tagName.toLowerCase();
}

const squash = (text: string | null | undefined) =>
  (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);

function nameOf(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label) return squash(label);
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy
      .split(/\s+/)
      .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ');
    if (squash(text)) return squash(text);
  }
  // A field is named by its label, never by its value.
  if (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement
  ) {
    const fromLabel = element.labels?.[0]?.textContent;
    if (squash(fromLabel)) return squash(fromLabel);
    return squash(element.getAttribute('placeholder') ?? element.getAttribute('name') ?? '');
  }
  const alt = element.getAttribute('alt') ?? element.getAttribute('title');
  if (alt) return squash(alt);
  return squash((element as HTMLElement).innerText ?? element.textContent);
}

function selectorOf(element: Element): string {
  const parts: string[] = [];
  let current: Element | null = element;
  while (current && parts.length < 4) {
    if (current.id) {
      parts.unshift(`#${CSS.escape(current.id)}`);
      break;
    }
    const classes = [...current.classList]
      .slice(0, 2)
      .map((c) => `.${CSS.escape(c)}`)
      .join('');
    parts.unshift(`${current.tagName.toLowerCase()}${classes}`);
    current = current.parentElement;
  }
  return parts.join(' > ');
}

const ACTIONABLE =
  'a[href], button, input, select, textarea, summary, label, [role], [onclick], [tabindex]';

/**
 * The element a person acted on, named as they would read it. A click on an icon inside a button
 * names the button. `maskText`: whether the recording keeps this element's text out (the strict
 * level, or a masked, blocked or editable region); its name is then masked the same way.
 */
export function describeTarget(
  node: EventTarget | null,
  maskText: (element: Element) => boolean,
): ActionTarget | null {
  if (!(node instanceof Element)) return null;
  const element = node.closest(ACTIONABLE) ?? node;
  const name = nameOf(element);
  const opensElsewhere =
    element instanceof HTMLAnchorElement &&
    (element.target === '_blank' || element.hasAttribute('download'));
  return {
    role: roleOf(element),
    name: maskText(element) ? name.replace(/\S/g, '*') : name,
    selector: selectorOf(element),
    ...(opensElsewhere ? { opensElsewhere: true } : {}),
  };
}
