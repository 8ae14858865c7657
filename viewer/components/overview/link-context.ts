import type { HealthStatus } from '../../../shared/analysis/classify-health';
import type { Segment } from '../../../shared/metrics/segment';
import type { TimeBin } from '../../../shared/metrics/time-bins';
import { hashOf } from '../../state/hash-route';
import type { LinkedFilters } from '../../state/linked-filters';

/** Narrower than the overview's own filters: a time bin of a chart, a health. */
export interface Narrowing {
  bin?: TimeBin;
  health?: HealthStatus;
}

/** A link to the session list: the overview's filters, narrowed to `segments` (and more). */
export type HrefOf = (segments: readonly Segment[], narrow?: Narrowing) => string;

export function hrefBuilder(filters: LinkedFilters): HrefOf {
  return (segments, narrow = {}) => {
    const { bin, health } = narrow;
    const from = bin ? Math.max(bin.start, filters.from ?? -Infinity) : filters.from;
    const to = bin ? Math.min(bin.end, filters.to ?? Infinity) : filters.to;
    return hashOf({
      name: 'list',
      linked: { ...filters, from, to, health: health ?? filters.health, segments: [...segments] },
    });
  };
}
