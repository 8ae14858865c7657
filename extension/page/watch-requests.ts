import { redactText, redactUrl } from '../../shared/privacy/redact';
import {
  isFailedStatus,
  type RequestFailure,
  type RequestPayload,
} from '../../shared/signals/signal-events';

const round = (n: number) => Math.round(n * 10) / 10;
/** Resource entries kept until the watch is ready (the recorder's own bound on early signals). */
const MAX_WAITING_ENTRIES = 1000;

function failureOfError(error: unknown): { failure: RequestFailure; error: string } {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const failure: RequestFailure =
    name === 'TimeoutError' ? 'timeout' : name === 'AbortError' ? 'abort' : 'network';
  return { failure, error: redactText(`${name}: ${message}`, 300) };
}

function urlOf(input: unknown): string {
  try {
    if (typeof input === 'string') return new URL(input, location.href).href;
    if (input instanceof URL) return input.href;
    if (input instanceof Request) return input.url;
  } catch {
    // An invalid URL: fetch itself will reject it.
  }
  return String(input);
}

/**
 * Records network requests without changing what the page sees: fetch() and XMLHttpRequest are
 * observed (method, status, failures; fetch keeps its result, its error and its timing, one
 * microtask later), and every other resource comes from Resource Timing, described once
 * `whenReady` calls back. Returns its stop.
 */
export function startRequestWatch(
  onRequest: (request: RequestPayload) => void,
  whenReady: (begin: () => void) => void,
): () => void {
  const report = (request: RequestPayload) => {
    try {
      onRequest(request);
    } catch {
      // Never into the page's request.
    }
  };

  const originalFetch = window.fetch;
  const wrappedFetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
    const startedAt = Date.now();
    const t0 = performance.now();
    const input = args[0];
    const method = (
      args[1]?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const url = redactUrl(urlOf(input));
    const base = { url, method, initiatorType: 'fetch', startedAt, transferSize: 0 };
    const pending = originalFetch.apply(this, args);
    // A new promise that settles exactly as fetch's does: the page's own handling (or its missing
    // handling, and so an unhandledrejection) is unchanged.
    return new Promise<Response>((resolve, reject) => {
      pending.then(
        (response) => {
          const status = response.status;
          report({
            ...base,
            status,
            durationMs: round(performance.now() - t0),
            failure: isFailedStatus(status) ? 'http' : null,
            error: null,
          });
          resolve(response);
        },
        (error: unknown) => {
          report({
            ...base,
            status: 0,
            durationMs: round(performance.now() - t0),
            ...failureOfError(error),
          });
          reject(error);
        },
      );
    });
  };
  window.fetch = wrappedFetch as typeof fetch;

  // XMLHttpRequest: listeners only, added per request; the page's own ones run as before.
  const xhrInfo = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  const proto = XMLHttpRequest.prototype;
  const originalOpen = proto.open;
  const originalSend = proto.send;
  const wrappedOpen = function (this: XMLHttpRequest, ...args: unknown[]) {
    try {
      xhrInfo.set(this, { method: String(args[0]).toUpperCase(), url: redactUrl(urlOf(args[1])) });
    } catch {
      // Recording only.
    }
    return (originalOpen as (...a: unknown[]) => void).apply(this, args);
  };
  const wrappedSend = function (this: XMLHttpRequest, ...args: unknown[]) {
    const info = xhrInfo.get(this);
    if (info) {
      const startedAt = Date.now();
      const t0 = performance.now();
      let failure: RequestFailure | null = null;
      const controller = new AbortController();
      for (const [type, kind] of [
        ['error', 'network'],
        ['timeout', 'timeout'],
        ['abort', 'abort'],
      ] as const) {
        this.addEventListener(type, () => (failure = kind), { signal: controller.signal });
      }
      this.addEventListener(
        'loadend',
        () => {
          controller.abort();
          const status = this.status;
          const failed = failure ?? (isFailedStatus(status) ? 'http' : null);
          report({
            ...info,
            initiatorType: 'xmlhttprequest',
            status,
            startedAt,
            durationMs: round(performance.now() - t0),
            transferSize: 0,
            failure: failed,
            error: failure ? `XMLHttpRequest ${failure}` : null,
          });
        },
        { once: true },
      );
    }
    return (originalSend as (...a: unknown[]) => void).apply(this, args);
  };
  proto.open = wrappedOpen as typeof proto.open;
  proto.send = wrappedSend as typeof proto.send;

  // Everything else the page loads (scripts, styles, images, fonts): Resource Timing. Until
  // `whenReady` runs its callback (after the first paint), entries are only kept: describing them
  // (redacting their addresses) mid-parse cost the page's first paint (npm run bench -- V1).
  let ready = false;
  let waiting: PerformanceResourceTiming[] = [];
  /** A Resource or Navigation Timing entry as a request; its status says whether it failed. */
  const reportTiming = (
    entry: PerformanceResourceTiming,
    initiatorType: string,
    durationMs: number,
  ) => {
    const status = entry.responseStatus ?? 0;
    report({
      url: redactUrl(entry.name),
      method: null,
      initiatorType,
      status,
      startedAt: Math.round(performance.timeOrigin + entry.startTime),
      durationMs: round(durationMs),
      transferSize: entry.transferSize,
      failure: isFailedStatus(status) ? 'http' : null,
      error: null,
    });
  };
  const reportResources = (entries: readonly PerformanceResourceTiming[]) => {
    for (const entry of entries) {
      // fetch and XHR are reported above, with their method and failure.
      if (entry.initiatorType === 'fetch' || entry.initiatorType === 'xmlhttprequest') continue;
      reportTiming(entry, entry.initiatorType, entry.duration);
    }
  };
  let observer: PerformanceObserver | null = null;
  try {
    observer = new PerformanceObserver((list) => {
      const entries = list.getEntries() as PerformanceResourceTiming[];
      if (ready) reportResources(entries);
      else if (waiting.length < MAX_WAITING_ENTRIES) waiting.push(...entries);
    });
    observer.observe({ type: 'resource', buffered: true });
  } catch {
    observer = null;
  }
  whenReady(() => {
    if (ready || !observer) return;
    ready = true;
    // The document's own response: a page that loads with a 404 or 500 is a failed request too.
    try {
      const [navigation] = performance.getEntriesByType(
        'navigation',
      ) as PerformanceNavigationTiming[];
      if (navigation)
        reportTiming(navigation, 'document', navigation.responseEnd - navigation.startTime);
    } catch {
      // No Navigation Timing here: nothing to report.
    }
    const held = waiting;
    waiting = [];
    reportResources(held);
  });

  return () => {
    observer?.disconnect();
    observer = null;
    if (window.fetch === wrappedFetch) window.fetch = originalFetch;
    if (proto.open === wrappedOpen) proto.open = originalOpen;
    if (proto.send === wrappedSend) proto.send = originalSend;
  };
}
