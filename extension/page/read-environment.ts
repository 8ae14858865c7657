import { redactUrl } from '../../shared/privacy/redact';
import { utmOf, type EnvironmentPayload } from '../../shared/signals/signal-events';

interface UaData {
  brands?: Array<{ brand: string; version: string }>;
  platform?: string;
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
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    connection: nav.connection?.effectiveType ?? null,
    deviceMemory: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    referrer: document.referrer ? redactUrl(document.referrer) : '',
    utm: utmOf(location.href),
  };
}
