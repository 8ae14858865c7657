import type { VitalName, VitalRating } from '../signals/signal-events';
import { VITAL_THRESHOLDS } from '../signals/vital-thresholds';

/** The web-vitals rating of a value: ≤ good is good, > poor is poor, else needs improvement. */
export function rateVital(name: VitalName, value: number): VitalRating {
  const { good, poor } = VITAL_THRESHOLDS[name];
  if (value <= good) return 'good';
  if (value > poor) return 'poor';
  return 'needs-improvement';
}
