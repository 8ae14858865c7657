import type { ActionTarget } from '../signals/signal-events';

/** A click as the detectors need it (from a `tabreel.action` click event). */
export interface ClickSignal {
  timestamp: number;
  x: number;
  y: number;
  target: ActionTarget | null;
  /** In a page view rrweb did not record (`tabreel.no-replay`): its DOM reaction is unknown. */
  unobserved?: true;
}

export interface RageClick {
  start: number;
  end: number;
  count: number;
  target: ActionTarget | null;
  x: number;
  y: number;
}

export interface RageClickRules {
  /** PostHog's definition: 3 clicks … */
  minClicks: number;
  /** … within 1 s … */
  windowMs: number;
  /** … within 30 px of the first. */
  radiusPx: number;
}

export const RAGE_CLICK_RULES: RageClickRules = { minClicks: 3, windowMs: 1000, radiusPx: 30 };

/** Roles a person clicks to make something happen. Anything else is content (text, images, boxes). */
const ACTIONABLE_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'textbox',
  'combobox',
  'menuitem',
  'tab',
  'switch',
  'option',
]);

export function isActionable(target: ActionTarget | null): boolean {
  return target !== null && ACTIONABLE_ROLES.has(target.role);
}

/**
 * Rage clicks: at least 3 clicks within 1 s and 30 px of the first. A double or triple click on
 * content (not a control) is how people select a word or a paragraph: not rage, unless it goes on
 * past three clicks.
 */
export function detectRageClicks(
  clicks: readonly ClickSignal[],
  rules: RageClickRules = RAGE_CLICK_RULES,
): RageClick[] {
  const sorted = [...clicks].sort((a, b) => a.timestamp - b.timestamp);
  const found: RageClick[] = [];
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i]!;
    let j = i + 1;
    while (
      j < sorted.length &&
      sorted[j]!.timestamp - first.timestamp <= rules.windowMs &&
      Math.hypot(sorted[j]!.x - first.x, sorted[j]!.y - first.y) <= rules.radiusPx
    ) {
      j += 1;
    }
    const count = j - i;
    const selecting = count <= 3 && !isActionable(first.target);
    if (count >= rules.minClicks && !selecting) {
      found.push({
        start: first.timestamp,
        end: sorted[j - 1]!.timestamp,
        count,
        target: first.target,
        x: first.x,
        y: first.y,
      });
      i = j;
    } else {
      i += 1;
    }
  }
  return found;
}
