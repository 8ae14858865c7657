import type { EnvironmentPayload } from '../signals/signal-events';
import { utmOf } from '../signals/signal-events';
import { hostOf } from '../format/url-parts';

/** How wide the window was: phones, tablets and small windows, desktops. */
export type ViewportClass = 'mobile' | 'tablet' | 'desktop' | 'unknown';

/** Where a session came from and what it ran in, grouped for counting. */
export interface SessionTraffic {
  /** `utm_source`, else the referring site (`www.` dropped), else `(internal)` or `(direct)`. */
  source: string;
  /** The browser's brand without its version: `Chrome`, `Edge`, … */
  browser: string;
  os: string;
  viewport: ViewportClass;
}

/** Viewport width (CSS px) under which a window is a phone's, then a tablet's. */
export const MOBILE_MAX_WIDTH = 640;
export const TABLET_MAX_WIDTH = 1024;

export function viewportClassOf(width: number | null | undefined): ViewportClass {
  if (typeof width !== 'number' || !Number.isFinite(width) || width <= 0) return 'unknown';
  if (width < MOBILE_MAX_WIDTH) return 'mobile';
  if (width < TABLET_MAX_WIDTH) return 'tablet';
  return 'desktop';
}

/**
 * The traffic of a session from its first environment report (or, without one, its landing page
 * view's referrer and URL).
 */
export function trafficOf(
  environment: EnvironmentPayload | null,
  landing: { url: string; referrer: string } | null,
): SessionTraffic {
  const utm = environment?.utm ?? (landing ? utmOf(landing.url) : {});
  const referrer = environment?.referrer || landing?.referrer || '';
  const ownHost = landing ? hostOf(landing.url) : '';
  let source = '(direct)';
  const utmSource = utm['utm_source'];
  if (typeof utmSource === 'string' && utmSource.trim() !== '')
    source = utmSource.trim().toLowerCase();
  else if (referrer !== '') {
    const host = hostOf(referrer).replace(/^www\./, '');
    source =
      host === '' ? '(direct)' : host === ownHost.replace(/^www\./, '') ? '(internal)' : host;
  }
  const browser = (environment?.browser ?? '').replace(/\s+[\d.]+$/, '').trim();
  return {
    source,
    browser: browser === '' ? 'unknown' : browser,
    os: environment?.os?.trim() || 'unknown',
    viewport: viewportClassOf(environment?.viewport?.width),
  };
}
