import {
  onCLS,
  onFCP,
  onINP,
  onLCP,
  onTTFB,
  type CLSMetricWithAttribution,
  type FCPMetricWithAttribution,
  type INPMetricWithAttribution,
  type LCPMetricWithAttribution,
  type TTFBMetricWithAttribution,
} from 'web-vitals/attribution';
import { redactUrl } from '../../shared/privacy/redact';
import type { VitalPayload } from '../../shared/signals/signal-events';

type AnyMetric =
  | CLSMetricWithAttribution
  | FCPMetricWithAttribution
  | INPMetricWithAttribution
  | LCPMetricWithAttribution
  | TTFBMetricWithAttribution;

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The attribution as plain data: strings and numbers only, URLs redacted. */
function attributionOf(metric: AnyMetric): VitalPayload['attribution'] {
  const out: VitalPayload['attribution'] = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = round(value);
    else if (typeof value === 'string' && value) out[key] = value.slice(0, 500);
  };
  switch (metric.name) {
    case 'LCP':
      put('target', metric.attribution.target);
      if (metric.attribution.url) put('url', redactUrl(metric.attribution.url));
      put('timeToFirstByte', metric.attribution.timeToFirstByte);
      put('resourceLoadDelay', metric.attribution.resourceLoadDelay);
      put('resourceLoadDuration', metric.attribution.resourceLoadDuration);
      put('elementRenderDelay', metric.attribution.elementRenderDelay);
      break;
    case 'CLS':
      put('target', metric.attribution.largestShiftTarget);
      put('largestShiftValue', metric.attribution.largestShiftValue);
      put('largestShiftTime', metric.attribution.largestShiftTime);
      put('loadState', metric.attribution.loadState);
      break;
    case 'INP':
      put('target', metric.attribution.interactionTarget);
      put('interactionType', metric.attribution.interactionType);
      put('inputDelay', metric.attribution.inputDelay);
      put('processingDuration', metric.attribution.processingDuration);
      put('presentationDelay', metric.attribution.presentationDelay);
      put('loadState', metric.attribution.loadState);
      break;
    case 'FCP':
      put('timeToFirstByte', metric.attribution.timeToFirstByte);
      put('firstByteToFCP', metric.attribution.firstByteToFCP);
      put('loadState', metric.attribution.loadState);
      break;
    case 'TTFB':
      put('waitingDuration', metric.attribution.waitingDuration);
      put('cacheDuration', metric.attribution.cacheDuration);
      put('dnsDuration', metric.attribution.dnsDuration);
      put('connectionDuration', metric.attribution.connectionDuration);
      put('requestDuration', metric.attribution.requestDuration);
      break;
  }
  return out;
}

/**
 * Reports LCP, INP, CLS, FCP and TTFB through the web-vitals library (its thresholds and
 * attribution). The library has no unsubscribe: stopping drops its later reports.
 */
export function startVitalsWatch(onVital: (vital: VitalPayload) => void): () => void {
  let active = true;
  const report = (metric: AnyMetric) => {
    if (!active) return;
    onVital({
      name: metric.name,
      value: round(metric.value),
      rating: metric.rating,
      id: metric.id,
      navigationType: metric.navigationType,
      attribution: attributionOf(metric),
    });
  };
  // LCP, INP and CLS change over the page's life and are final only at hide, which a killed tab
  // may never reach: store every change; the last report per metric id is the value.
  onLCP(report, { reportAllChanges: true });
  onINP(report, { reportAllChanges: true });
  onCLS(report, { reportAllChanges: true });
  onFCP(report);
  onTTFB(report);
  return () => {
    active = false;
  };
}
