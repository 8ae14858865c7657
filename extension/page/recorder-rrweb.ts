// The recorder's second script: rrweb, web-vitals, and what only works with rrweb (its options,
// the mutation hold). Compiling them at document_start delayed the page's First Contentful Paint
// (npm run bench -- V1), so the service worker injects this into the page's MAIN world once the
// first script (recorder.ts) has seen the first paint and asks for it.
import { record } from 'rrweb';
import { startMutationHold } from './hold-mutations';
import { recordOptions } from './record-options';
import { RRWEB_PART_READY, type RrwebPart } from './rrweb-part';
import { startVitalsWatch } from './watch-vitals';

const part: RrwebPart = { record, recordOptions, startMutationHold, startVitalsWatch };
document.dispatchEvent(new CustomEvent(RRWEB_PART_READY, { detail: part }));
