import type { RequestPayload } from '../signals/signal-events';

/**
 * The browser's own favicon probe (Resource Timing lists it as the page's): not the page's
 * request, so its 404 is no failure of the page. A fetch of the same address is the page's.
 */
export function isBrowserProbe(request: Pick<RequestPayload, 'url' | 'initiatorType'>): boolean {
  return (
    request.initiatorType !== 'fetch' &&
    request.initiatorType !== 'xmlhttprequest' &&
    /\/favicon\.ico(?:$|\?)/.test(request.url)
  );
}

/**
 * A request failure that counts against the page: HTTP ≥ 400, network error or timeout. An abort
 * is the page's own decision; the browser's own favicon probe is not the page's request. The
 * analysis and the viewer's network panel both count by this rule.
 */
export function isPageFailure(request: RequestPayload): boolean {
  if (request.failure === null || request.failure === 'abort') return false;
  return !isBrowserProbe(request);
}
