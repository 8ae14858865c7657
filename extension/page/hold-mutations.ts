// rrweb serializes the nodes a mutation added in its MutationObserver callback: a microtask right
// after the page's click handler, before the frame. During an interaction we hold that work until
// after the frame with rrweb's public `record.freezePage()`. What we rely on (rrweb 2.2, checked by
// tests/e2e/hold-mutations.e2e.ts, which fails if an rrweb upgrade changes it):
// - frozen, rrweb's MutationBuffer still collects every MutationRecord (adds, removes, attributes,
//   texts) but serializes nothing and emits nothing;
// - rrweb unfreezes every buffer by itself, emitting the held mutations first, before it emits
//   any event other than a mutation or a full snapshot: order is kept;
// - rrweb has no public unfreeze: a custom event does it, and emit drops that event (isRelease).
import { EventType } from '@rrweb/types';
import type { record as rrwebRecord } from 'rrweb';
import { customTag, type TimedEvent } from '../../shared/events/tabreel-events';

/** Our own custom event that makes rrweb unfreeze; never stored. */
const RELEASE_TAG = 'tabreel.release-mutations';

/**
 * Input that rrweb records with the target's mirror id, looked up before it emits: the nodes held
 * must be serialized (given ids) first, or an input on a node added a moment ago would record id -1.
 * A selection's range may sit in held nodes whatever its target (the document).
 */
const INPUT_EVENTS = [
  'pointerdown',
  'pointerup',
  'pointermove',
  'mousedown',
  'mouseup',
  'mousemove',
  'click',
  'dblclick',
  'contextmenu',
  'touchstart',
  'touchmove',
  'touchend',
  'touchcancel',
  'focus',
  'blur',
  'input',
  'change',
  'scroll',
  'play',
  'pause',
  'seeked',
  'volumechange',
  'ratechange',
  'selectionchange',
] as const;

export interface MutationHold {
  /** Holds rrweb's mutation serialization until release (idempotent). */
  hold(): void;
  /** Emits what was held, now, through rrweb's emit (and so before anything emitted later). */
  release(): void;
  holding(): boolean;
  /** The event release uses to make rrweb unfreeze: emit must drop it. */
  isRelease(event: TimedEvent): boolean;
  stop(): void;
}

/**
 * `rrweb` gives rrweb's record (this code comes with it, in the script injected after the first
 * paint); `listen` is the recorder's own `addEventListener`, taken at document_start before page
 * scripts could wrap it.
 */
export function startMutationHold(
  rrweb: () => typeof rrwebRecord | null,
  listen: typeof EventTarget.prototype.addEventListener,
): MutationHold {
  let held = false;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      rrweb()?.addCustomEvent(RELEASE_TAG, null);
    } catch {
      // rrweb is not recording: nothing is held.
    }
  };
  // Window, capture: before rrweb's own listeners (on document) look the target's id up. Only
  // when rrweb does not know the target yet (a mouse moving over old nodes releases nothing).
  const beforeInput = (event: Event) => {
    if (!held) return;
    const target = event.composedPath()[0] ?? event.target;
    const record = rrweb();
    const known =
      record !== null &&
      event.type !== 'selectionchange' &&
      typeof (target as Node | null)?.nodeType === 'number' &&
      record.mirror.getId(target as Node) !== -1;
    if (!known) release();
  };
  const controller = new AbortController();
  // Added at the first hold, not at start: nothing is held before. Window capture still runs first.
  let listening = false;
  const listenToInput = () => {
    if (listening || controller.signal.aborted) return;
    listening = true;
    for (const type of INPUT_EVENTS)
      listen.call(window, type, beforeInput, {
        capture: true,
        passive: true,
        signal: controller.signal,
      });
  };
  return {
    hold() {
      try {
        const record = rrweb();
        if (!record) return; // not loaded yet: nothing records, nothing to hold
        record.freezePage();
        listenToInput();
        held = true;
      } catch {
        // rrweb has not started (its first snapshot waits for the first paint): nothing to hold.
      }
    },
    release,
    holding: () => held,
    isRelease: (event) => event.type === EventType.Custom && customTag(event) === RELEASE_TAG,
    stop() {
      release();
      controller.abort();
    },
  };
}
