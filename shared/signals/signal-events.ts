// Signals travel in the rrweb stream as Custom events, like our other markers (see
// events/tabreel-events.ts): one clock with the replay, and the same exactly-once delivery.

export const SIGNAL_TAG = {
  console: 'tabreel.console',
  error: 'tabreel.error',
  vital: 'tabreel.vital',
  request: 'tabreel.request',
  environment: 'tabreel.environment',
  action: 'tabreel.action',
} as const;

export type ConsoleLevel = 'error' | 'warn';

export interface ConsolePayload {
  level: ConsoleLevel;
  /** The arguments as text, secrets redacted, truncated. */
  message: string;
  /** Where it was logged from (our own frames removed), redacted, truncated. */
  stack: string;
}

export type ErrorKind = 'error' | 'unhandledrejection';

export interface ErrorPayload {
  kind: ErrorKind;
  /** `TypeError: x is undefined`, redacted and truncated. */
  message: string;
  stack: string;
  /** Script URL (redacted), line and column, when the browser gives them. */
  source: string;
  line: number;
  column: number;
}

export type VitalName = 'LCP' | 'INP' | 'CLS' | 'FCP' | 'TTFB';
export type VitalRating = 'good' | 'needs-improvement' | 'poor';

/** One web-vitals report, reduced to plain data (no DOM entries): what the viewer shows. */
export interface VitalPayload {
  name: VitalName;
  /** ms for the timings, unitless for CLS. */
  value: number;
  /** The web-vitals library's rating, by its published thresholds. */
  rating: VitalRating;
  /**
   * web-vitals' metric id. LCP, INP and CLS are reported on every change: the last report with an
   * id is its value. A page restored from the back/forward cache reports under a new id.
   */
  id: string;
  navigationType: string;
  /** What is responsible: the element (a CSS selector), the resource URL, the phases. */
  attribution: Record<string, string | number>;
}

/** Why a request failed: an HTTP status ≥ 400, no response at all (offline, refused, DNS, CORS), a timeout, an abort. */
export type RequestFailure = 'http' | 'network' | 'timeout' | 'abort';

/** One network request, successful (a timing row for the waterfall) or failed. */
export interface RequestPayload {
  /** Redacted and truncated. */
  url: string;
  /** Known for fetch and XMLHttpRequest; resource timing does not say. */
  method: string | null;
  /** fetch, xmlhttprequest, script, img, link, css, … (the Resource Timing initiator type); `document` for the page's own response. */
  initiatorType: string;
  /** 0 when there was no response, or when a cross-origin resource hides it. */
  status: number;
  /** When it started and how long it took, ms. */
  startedAt: number;
  durationMs: number;
  /** Bytes over the network, when the browser tells (0 from cache or when hidden). */
  transferSize: number;
  failure: RequestFailure | null;
  /** For a failure, what the page saw (e.g. `TypeError: Failed to fetch`). */
  error: string | null;
  /** The child frame it came from (its address, redacted); absent for the top frame. */
  frame?: string;
}

/** HTTP statuses that count as a failed request. */
export function isFailedStatus(status: number): boolean {
  return status >= 400;
}

/** Where the session ran, once per page load. Low-entropy facts only: no fingerprinting extras. */
export interface EnvironmentPayload {
  userAgent: string;
  /** From User-Agent Client Hints where the browser has them, e.g. `Chromium 156`. */
  browser: string;
  os: string;
  viewport: { width: number; height: number };
  screen: { width: number; height: number };
  devicePixelRatio: number;
  language: string;
  timeZone: string;
  /** navigator.connection.effectiveType (`4g`, …) where available. */
  connection: string | null;
  /** navigator.deviceMemory in GiB (rounded by the browser) where available. */
  deviceMemory: number | null;
  /** Traffic source: the referrer (redacted) and the UTM parameters of the landing URL. */
  referrer: string;
  utm: Record<string, string>;
}

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

/** The UTM parameters of a URL, by name. */
export function utmOf(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const params = new URL(url).searchParams;
    for (const key of UTM_KEYS) {
      const value = params.get(key);
      if (value) out[key] = value.slice(0, 200);
    }
  } catch {
    // Not a URL: no campaign.
  }
  return out;
}

/** An element as a person would name it, plus a selector to find it in the replay. */
export interface ActionTarget {
  /** ARIA role, explicit or implied by the tag (`button`, `link`, `textbox`, …), or the tag name. */
  role: string;
  /** Accessible name: aria-label, labelledby text, <label>, alt, title or text; masked at the strict level. */
  name: string;
  selector: string;
  /** A link that opens a new tab or downloads: its effect is not on this page. */
  opensElsewhere?: boolean;
}

/** `invalid`: the browser refused a form field at submit (constraint validation); one per field. */
export type ActionKind = 'click' | 'input' | 'submit' | 'invalid' | 'key' | 'scroll-depth';

/** Why a field was invalid: the `ValidityState` flag that was set. Never the value. */
export type ValidityFlag =
  | 'valueMissing'
  | 'typeMismatch'
  | 'patternMismatch'
  | 'tooLong'
  | 'tooShort'
  | 'rangeUnderflow'
  | 'rangeOverflow'
  | 'stepMismatch'
  | 'badInput'
  | 'customError';

export interface ActionPayload {
  kind: ActionKind;
  target: ActionTarget | null;
  /** click: page coordinates; key: the shortcut (`Ctrl+S`), never a typed character. */
  x?: number;
  y?: number;
  shortcut?: string;
  /** scroll-depth: the deepest point seen on this page, in % of its height. */
  depthPercent?: number;
  /** invalid: which constraint failed, and the field's form. */
  validity?: ValidityFlag;
  form?: ActionTarget | null;
}
