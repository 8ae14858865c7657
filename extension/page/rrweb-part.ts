// The contract between the recorder's two MAIN-world scripts. The document_start one
// (recorder.ts) holds no rrweb; the second (recorder-rrweb.ts) brings rrweb, its options, the
// mutation hold and web-vitals once the page has painted, injected by the service worker, and hands
// them over through this event.
import type { record } from 'rrweb';
import type { startMutationHold } from './hold-mutations';
import type { recordOptions } from './record-options';
import type { startVitalsWatch } from './watch-vitals';

/** Dispatched on `document` by the injected script, its detail the RrwebPart (same world). */
export const RRWEB_PART_READY = 'tabreel:rrweb-ready';

export interface RrwebPart {
  record: typeof record;
  recordOptions: typeof recordOptions;
  startMutationHold: typeof startMutationHold;
  startVitalsWatch: typeof startVitalsWatch;
}

/** Whether an event's detail is the part (a page may dispatch the same name with anything). */
export function isRrwebPart(detail: unknown): detail is RrwebPart {
  const part = detail as Partial<RrwebPart> | null;
  return (
    typeof part?.record === 'function' &&
    typeof part.record.takeFullSnapshot === 'function' &&
    typeof part.recordOptions === 'function' &&
    typeof part.startMutationHold === 'function' &&
    typeof part.startVitalsWatch === 'function'
  );
}
