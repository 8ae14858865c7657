import { redactUrl } from '../../shared/privacy/redact';
import { utmOf, type EnvironmentPayload } from '../../shared/signals/signal-events';

interface UaData {
  brands?: Array<{ brand: string; version: string }>;
  platform?: string;
}

/** The part of Temporal we read (Chromium 144+; older browsers fall back to Intl). */
type TemporalLike = { Now?: { timeZoneId?: () => string } };

/**
 * The IANA time zone. Temporal answers at once; Intl.DateTimeFormat's first use in a renderer
 * builds its locale data, 13–30 ms of the page's main thread (bench/trace-load.ts, V1).
 */
function timeZone(): string {
  const temporal = (globalThis as { Temporal?: TemporalLike }).Temporal;
  try {
    const zone = temporal?.Now?.timeZoneId?.();
    if (zone) return zone;
  } catch {
    // A page's own Temporal polyfill that throws: ask Intl.
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The browser, OS, display, locale and traffic source of this page view. */
export function readEnvironment(): EnvironmentPayload {
  const nav = navigator as Navigator & {
    userAgentData?: UaData;
    connection?: { effectiveType?: string };
    deviceMemory?: number;
  };
  const brand =
    nav.userAgentData?.brands?.find(
      (b) => !/not.?a.?brand/i.test(b.brand) && b.brand !== 'Chromium',
    ) ?? nav.userAgentData?.brands?.find((b) => !/not.?a.?brand/i.test(b.brand));
  return {
    userAgent: nav.userAgent.slice(0, 500),
    browser: brand ? `${brand.brand} ${brand.version}` : 'unknown',
    os: nav.userAgentData?.platform || nav.platform || 'unknown',
    viewport: { width: innerWidth, height: innerHeight },
    screen: { width: screen.width, height: screen.height },
    devicePixelRatio: devicePixelRatio,
    language: nav.language,
    timeZone: timeZone(),
    connection: nav.connection?.effectiveType ?? null,
    deviceMemory: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    referrer: document.referrer ? redactUrl(document.referrer) : '',
    utm: utmOf(location.href),
  };
}
