import { describe, expect, it } from 'vitest';
import { isBrowserProbe, isPageFailure } from '../../shared/analysis/is-page-failure';
import type { RequestPayload } from '../../shared/signals/signal-events';
import { customPayload } from '../../shared/events/tabreel-events';
import { failedRequest, faviconProbe, request } from '../fixtures/signal-events';

const payloadOf = (event: ReturnType<typeof request>) => customPayload<RequestPayload>(event)!;

describe('isPageFailure (the analysis and the network panel count by it)', () => {
  it('counts HTTP errors, network errors and timeouts of the page’s requests', () => {
    expect(isPageFailure(payloadOf(failedRequest(0, 'http')))).toBe(true);
    expect(isPageFailure(payloadOf(failedRequest(0, 'network')))).toBe(true);
    expect(isPageFailure(payloadOf(failedRequest(0, 'timeout')))).toBe(true);
  });

  it('does not count an abort, a success, nor the browser’s favicon 404', () => {
    expect(isPageFailure(payloadOf(failedRequest(0, 'abort')))).toBe(false);
    expect(isPageFailure(payloadOf(request(0)))).toBe(false);
    expect(isPageFailure(payloadOf(faviconProbe(0)))).toBe(false);
  });

  it('counts the page’s own fetch of /favicon.ico', () => {
    const fetched = request(0, { url: '/favicon.ico', status: 404, failure: 'http' });
    expect(isBrowserProbe(payloadOf(fetched))).toBe(false);
    expect(isPageFailure(payloadOf(fetched))).toBe(true);
  });
});

describe('isBrowserProbe', () => {
  it('is the browser’s favicon request, with or without a query, whatever its status', () => {
    expect(isBrowserProbe(payloadOf(faviconProbe(0)))).toBe(true);
    expect(isBrowserProbe(payloadOf(faviconProbe(0, 200)))).toBe(true);
    expect(isBrowserProbe({ url: 'http://a.test/favicon.ico?v=2', initiatorType: 'other' })).toBe(
      true,
    );
    expect(isBrowserProbe({ url: 'http://a.test/favicon.icons', initiatorType: 'other' })).toBe(
      false,
    );
  });
});
