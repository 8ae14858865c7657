// The replay frame's document with its script and styles inline, built into the standalone viewer
// by vite.standalone.ts.
declare module 'virtual:tabreel-replay-frame' {
  export const html: string;
  /** The CSP hash source of its one inline script. */
  export const scriptHash: string;
}
