import type { ActivityPayload } from '../../shared/events/tabreel-events';

// Activity needs marking only often enough to keep a session alive: once a second per kind.
const ACTIVITY_INTERVAL_MS = 1000;

type Kind = ActivityPayload['kind'];

/**
 * Calls `onActivity` for trusted key presses and wheel/touch scrolling, at most once a second per
 * kind. Script-driven scrolls (carousels, auto-scroll) are not activity: they must not keep a
 * session alive. Stores no key. Returns its stop.
 */
export function startActivityWatch(onActivity: (kind: Kind) => void): () => void {
  const last: Record<Kind, number> = { key: 0, scroll: 0 };
  const controller = new AbortController();
  const options = { capture: true, passive: true, signal: controller.signal };
  const mark = (kind: Kind) => (event: Event) => {
    if (!event.isTrusted) return;
    const t = Date.now();
    if (t - last[kind] < ACTIVITY_INTERVAL_MS) return;
    last[kind] = t;
    try {
      onActivity(kind);
    } catch {
      // Never into the page's event dispatch.
    }
  };
  window.addEventListener('keydown', mark('key'), options);
  window.addEventListener('wheel', mark('scroll'), options);
  window.addEventListener('touchmove', mark('scroll'), options);
  return () => controller.abort();
}
