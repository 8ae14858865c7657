// Where the build writes the recorder's second script (vite.config.ts), and whence the service
// worker injects it (handle-inject-rrweb.ts).
export const RRWEB_PART_FILE = 'extension/page/recorder-rrweb.js';
