import type { RequestSignal } from './collect-signals';

/**
 * A request failure that counts against the page: HTTP ≥ 400, network error or timeout. An abort
 * is the page's own decision; the browser's own favicon probe is not the page's request.
 */
export function isPageFailure(request: RequestSignal): boolean {
  if (request.failure === null || request.failure === 'abort') return false;
  const browserProbe =
    request.initiatorType !== 'fetch' &&
    request.initiatorType !== 'xmlhttprequest' &&
    /\/favicon\.ico(?:$|\?)/.test(request.url);
  return !browserProbe;
}
