import type { ActionPayload, ValidityFlag } from '../../shared/signals/signal-events';
import { describeTarget } from './describe-target';

const SCROLL_DEPTH_STEP = 25; // report at 25, 50, 75, 100 %

const VALIDITY_FLAGS: readonly ValidityFlag[] = [
  'valueMissing',
  'typeMismatch',
  'patternMismatch',
  'tooLong',
  'tooShort',
  'rangeUnderflow',
  'rangeOverflow',
  'stepMismatch',
  'badInput',
  'customError',
];

type ValidatedField = Element & { validity?: ValidityState; form?: HTMLFormElement | null };

function validityOf(field: ValidatedField): ValidityFlag | undefined {
  const state = field.validity;
  return state ? VALIDITY_FLAGS.find((flag) => state[flag]) : undefined;
}

function shortcutOf(event: KeyboardEvent): string | null {
  // Only combinations with a modifier, or keys that are commands on their own: never text.
  const named = [
    'Escape',
    'Enter',
    'Tab',
    'Delete',
    'Backspace',
    'F1',
    'F2',
    'F3',
    'F4',
    'F5',
    'F6',
    'F7',
    'F8',
    'F9',
    'F10',
    'F11',
    'F12',
  ];
  const modifiers = [
    event.ctrlKey && 'Ctrl',
    event.metaKey && 'Meta',
    event.altKey && 'Alt',
  ].filter(Boolean) as string[];
  if (modifiers.length === 0 && !named.includes(event.key)) return null;
  if (modifiers.length > 0 && ['Control', 'Meta', 'Alt', 'Shift'].includes(event.key)) return null;
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return [...modifiers, event.shiftKey && modifiers.length > 0 ? 'Shift' : null, key]
    .filter(Boolean)
    .join('+');
}

/**
 * Records what the person did, named as they would read it: clicks, inputs (that a field changed,
 * never its value), form submits, fields the browser refused at submit, key shortcuts, and scroll depth per page. Trusted events only;
 * listeners are passive and capture-phase, so the page's own handling is unchanged. Returns its stop.
 */
export function startActionWatch(
  onAction: (action: ActionPayload) => void,
  maskText: (element: Element) => boolean,
): () => void {
  const controller = new AbortController();
  const options = { capture: true, passive: true, signal: controller.signal };
  const report = (action: ActionPayload) => {
    try {
      onAction(action);
    } catch {
      // Never into the page's event dispatch.
    }
  };
  const target = (event: Event) =>
    describeTarget(event.composedPath()[0] ?? event.target, maskText);

  window.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted) return;
      report({
        kind: 'click',
        target: target(event),
        x: Math.round(event.pageX),
        y: Math.round(event.pageY),
      });
    },
    options,
  );
  window.addEventListener(
    'change',
    (event) => {
      if (event.isTrusted) report({ kind: 'input', target: target(event) });
    },
    options,
  );
  window.addEventListener(
    'submit',
    (event) => {
      if (event.isTrusted) report({ kind: 'submit', target: target(event) });
    },
    options,
  );
  // `invalid` does not bubble: only a capture listener on window sees every field's.
  window.addEventListener(
    'invalid',
    (event) => {
      if (!event.isTrusted || !(event.target instanceof Element)) return;
      const field = event.target as ValidatedField;
      report({
        kind: 'invalid',
        target: target(event),
        validity: validityOf(field),
        form: field.form ? describeTarget(field.form, maskText) : null,
      });
    },
    options,
  );
  window.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted) return;
      const shortcut = shortcutOf(event);
      if (shortcut) report({ kind: 'key', target: target(event), shortcut });
    },
    options,
  );
  let deepest = 0;
  window.addEventListener(
    'scroll',
    () => {
      const height = document.documentElement.scrollHeight;
      if (height <= 0) return;
      const depth = Math.min(100, ((scrollY + innerHeight) / height) * 100);
      const step = Math.floor(depth / SCROLL_DEPTH_STEP) * SCROLL_DEPTH_STEP;
      if (step > deepest) {
        deepest = step;
        report({ kind: 'scroll-depth', target: null, depthPercent: step });
      }
    },
    options,
  );
  return () => controller.abort();
}
