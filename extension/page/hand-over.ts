// The recorder's events go to the relay after the next frame is painted, as one batch, instead of
// one by one inside the page's task: the stringify, the DOM events to the relay and the relay's
// send then no longer delay the paint of the interaction that produced them (npm run bench -- R3).
// Passive events (mutations with no user event among them) wait further, for the page's idle time:
// the page's own queued work goes first (npm run bench -- R1). A closing page hands everything over
// at once.
import {
  createHandOverQueue,
  type HandOverQueue,
  type ScheduleHandOver,
} from '../../shared/delivery/hand-over-queue';

// Our own references: page scripts that run after us may replace these.
const frame = requestAnimationFrame.bind(window);
const cancelFrame = cancelAnimationFrame.bind(window);
const later = setTimeout.bind(window);
const cancelLater = clearTimeout.bind(window);
const whenIdle = window.requestIdleCallback?.bind(window);
const cancelIdle = window.cancelIdleCallback?.bind(window);
const listen = EventTarget.prototype.addEventListener;
interface PostTask {
  postTask(run: () => void, options: { priority: 'background'; signal?: AbortSignal }): unknown;
}
const taskScheduler = (globalThis as { scheduler?: PostTask }).scheduler;
const postTask = taskScheduler?.postTask?.bind(taskScheduler);
/**
 * rAF does not run in a hidden tab, and a busy page may starve a background task or never be idle:
 * the hand-over happens at the latest this long after the first event waiting, or for passive
 * events, this long after the frame that followed it (a frame after a big change can itself
 * take that long, and the page's idle time comes after it).
 */
export const HAND_OVER_LATEST_MS = 100;

/**
 * After the next frame. Urgent: behind the page's own tasks already queued (background priority),
 * so a user event still reaches the relay within the frame's aftermath. Otherwise in the page's
 * next idle period: behind its background tasks too, and between frames rather than before one.
 */
const afterNextFrame: ScheduleHandOver = (run, urgent) => {
  let done = false;
  let idleId: number | undefined;
  const controller = new AbortController();
  const stop = () => {
    done = true;
    cancelFrame(frameId);
    cancelLater(guard);
    if (idleId !== undefined) cancelIdle?.(idleId);
    controller.abort();
  };
  const once = () => {
    if (done) return;
    stop();
    run();
  };
  const frameId = frame(() => {
    if (!urgent && whenIdle) {
      // The frame came: from here, idle time or at the latest the same bound (its own timeout).
      cancelLater(guard);
      idleId = whenIdle(once, { timeout: HAND_OVER_LATEST_MS });
      return;
    }
    if (!postTask) {
      later(once, 0);
      return;
    }
    // A rejected (aborted) task is expected once the guard or a flush ran first.
    Promise.resolve(postTask(once, { priority: 'background', signal: controller.signal })).catch(
      () => {},
    );
  });
  const guard = later(once, HAND_OVER_LATEST_MS);
  return stop;
};

/**
 * Starts the hand-over for the page's lifetime: `deliver` gets each batch in order; `beforeFlush`
 * runs first in every flush (rrweb's mutations held during the interaction, see
 * hold-mutations.ts); `beforeLeave` runs as the page hides or goes away, before the last flush,
 * and may still push.
 */
export function startHandOver<T>(
  deliver: (items: readonly T[], urgent: boolean) => void,
  hooks: { beforeFlush: () => void; beforeLeave: () => void },
): HandOverQueue<T> {
  const queue = createHandOverQueue<T>({
    deliver,
    schedule: afterNextFrame,
    beforeFlush: hooks.beforeFlush,
  });
  // From the moment the page hides or goes away, nothing waits for a frame that will not come:
  // what is emitted in the page's own leaving handlers (web-vitals' final CLS and INP, after
  // pagehide) is handed over at once, so the relay's force-flush that follows still takes it.
  let leaving = false;
  const leave = () => {
    leaving = true;
    hooks.beforeLeave();
    queue.flush();
  };
  // Capture phase on window: before the relay's own listeners (document, window bubbling), which
  // force-flush its outbox to the service worker when the page hides or goes away.
  const options = { capture: true };
  listen.call(
    window,
    'visibilitychange',
    (event: Event) => {
      if (!event.isTrusted) return;
      if (document.visibilityState === 'hidden') leave();
      else leaving = false;
    },
    options,
  );
  listen.call(
    window,
    'pagehide',
    (event: Event) => {
      if (event.isTrusted) leave();
    },
    options,
  );
  // Back from the back/forward cache: frames come again.
  listen.call(
    window,
    'pageshow',
    (event: Event) => {
      if (event.isTrusted) leaving = false;
    },
    options,
  );
  return {
    push(item, urgent) {
      queue.push(item, urgent);
      if (leaving) queue.flush();
    },
    flush: queue.flush,
    size: queue.size,
  };
}
