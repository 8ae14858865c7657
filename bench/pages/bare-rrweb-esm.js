/* global window */
// The anchor with rrweb's ES module build (dist/rrweb.js), started by bare-rrweb.js's options.
import { record } from '/vendor/rrweb.js';

window.__startAnchor(record);
