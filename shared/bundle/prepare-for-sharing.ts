import type { TimedEvent } from '../events/tabreel-events';
import type { BundleSessionMeta } from './bundle-format';
import {
  createRedactor,
  maskPatternsInText,
  type RedactionCounts,
  type RedactionOptions,
} from './redact-for-sharing';
import { createTrimmer, type EventFilter, type TimeRange } from './trim-session';

/** How a copy for sharing differs from the stored session: a time range and redactions. */
export interface SharingOptions extends RedactionOptions {
  range: TimeRange;
}

export interface SharingFilter extends EventFilter {
  readonly counts: RedactionCounts;
}

/** Whether these options change anything: a plain export otherwise. */
export function changesSession(options: SharingOptions): boolean {
  return (
    options.range.from !== null ||
    options.range.to !== null ||
    options.maskSelectors.some((s) => s.trim() !== '') ||
    options.maskPatterns.some((p) => p.trim() !== '') ||
    options.dropConsole ||
    options.dropNetwork
  );
}

/** Trims (trim-session.ts), then redacts (redact-for-sharing.ts), streaming. */
export function createSharingFilter(options: SharingOptions): SharingFilter {
  const trimmer = createTrimmer(options.range);
  const redactor = createRedactor(options);
  const redactAll = (events: readonly TimedEvent[]) => events.flatMap((e) => redactor.push(e));
  return {
    counts: redactor.counts,
    push: (event) => redactAll(trimmer.push(event)),
    end: () => redactAll(trimmer.end()),
  };
}

/**
 * The bundle's record of a shared copy: its start and end those of the range (within the
 * session's), its count the kept events', its title and address with the patterns masked.
 */
export function sharedMeta(
  meta: BundleSessionMeta,
  options: SharingOptions,
  kept: { eventCount: number; lastTs: number | null },
): BundleSessionMeta {
  const startedAt = Math.max(meta.startedAt, options.range.from ?? -Infinity);
  const end = meta.endedAt ?? kept.lastTs ?? startedAt;
  const endedAt =
    options.range.to === null ? meta.endedAt : Math.max(startedAt, Math.min(end, options.range.to));
  const mask = (text: string) => maskPatternsInText(text, options.maskPatterns);
  return {
    ...meta,
    startedAt,
    endedAt,
    eventCount: kept.eventCount,
    title: mask(meta.title),
    firstUrl: mask(meta.firstUrl),
    ...(meta.label ? { label: mask(meta.label) } : {}),
    ...(meta.note ? { note: mask(meta.note) } : {}),
  };
}
