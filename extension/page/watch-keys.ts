// Key presses count as activity, but rrweb records none outside inputs; one mark per interval is enough.
const KEY_ACTIVITY_INTERVAL_MS = 1000;

/** Calls `onActivity` for trusted key presses, at most once a second. Stores no key. Returns its stop. */
export function startKeyActivity(onActivity: () => void): () => void {
  let last = 0;
  const controller = new AbortController();
  window.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted) return;
      const t = Date.now();
      if (t - last < KEY_ACTIVITY_INTERVAL_MS) return;
      last = t;
      onActivity();
    },
    { capture: true, passive: true, signal: controller.signal },
  );
  return () => controller.abort();
}
