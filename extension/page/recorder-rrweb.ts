// The recorder's second script: rrweb and web-vitals. Compiling them at document_start delayed the
// page's First Contentful Paint (npm run bench -- V1), so the service worker injects this into the
// page's MAIN world once the first script (recorder.ts) has seen the first paint and asks for it.
import { record } from 'rrweb';
import { RRWEB_PART_READY, type RrwebPart } from './rrweb-part';
import { startVitalsWatch } from './watch-vitals';

const part: RrwebPart = { record, startVitalsWatch };
document.dispatchEvent(new CustomEvent(RRWEB_PART_READY, { detail: part }));
