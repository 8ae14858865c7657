/**
 * The `<meta>` a Tabreel viewer page (the standalone viewer, an HTML export) carries first in its
 * `<head>`: the recorder never records a page that has it (a viewer replaying a session must not
 * become a session itself).
 */
export const VIEWER_PAGE_SELECTOR = 'meta[name="tabreel"][content="viewer"]';
