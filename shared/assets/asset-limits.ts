// What asset capture may take: the caps that keep a hostile or huge page from filling the disk.

/** One stylesheet, font or image larger than this is not captured (a hero video poster fits). */
export const MAX_ASSET_BYTES = 5 * 1024 * 1024;
/** What one session's captured assets may weigh together. */
export const MAX_SESSION_ASSET_BYTES = 50 * 1024 * 1024;
/** How many distinct asset addresses one session may ask for (a long infinite-scroll feed). */
export const MAX_SESSION_ASSETS = 1000;
/** Addresses longer than this are not captured (signed URLs are long, but not this long). */
export const MAX_ASSET_URL_CHARS = 4096;
/** A fetch that fails this many times is given up (the worker may have died mid-fetch). */
export const MAX_ASSET_ATTEMPTS = 3;
/** Assets fetched at once by the service worker: background work, never a burst. */
export const ASSET_FETCH_CONCURRENCY = 2;
/** A capture of the same address for another session within this long reuses its bytes. */
export const ASSET_REUSE_MS = 60 * 60 * 1000;
/** A reader refuses a bundle with more assets than this. */
export const MAX_BUNDLE_ASSETS = 20_000;
