import type { FailureKind } from '../analysis/failed-action';
import type { SessionRow } from '../db/schema';
import type { EndReason } from '../session/session-types';
import { endReasonLabel } from '../session/end-reasons';
import type { VitalName, VitalRating } from '../signals/signal-events';
import { rateVital } from './rate-vital';
import { funnelReach, MAX_GOAL_TEXT, reachesGoal, type Goal } from './goal';
import { reasonKey } from './reason-key';
import type { SessionTraffic } from './traffic-of';

/** A summary field a range segment bounds. */
export type RangeField = 'wallMs' | 'pages' | 'failedActions';

/**
 * The sessions behind one number or chart segment of the overview, as data: the overview links
 * to the session list with it, and the list keeps the sessions it matches. Serializable (JSON).
 */
export type Segment =
  /** Every analysed session: what the overview counts (a session still recording is not). */
  | { kind: 'analyzed' }
  /** `min` ≤ value < `max` (no `max`: no upper bound). */
  | { kind: 'range'; field: RangeField; min: number; max: number | null }
  | { kind: 'bounce' }
  | { kind: 'endReason'; reason: EndReason }
  /** Sessions with at least one failure of this kind. */
  | { kind: 'failure'; failure: FailureKind }
  | { kind: 'healthReason'; key: string }
  /** Sessions with a failed action on this route, or on a target of this name. */
  | { kind: 'failedOn'; route: string }
  | { kind: 'failedTarget'; name: string }
  /** Sessions with a page load on `route` whose `name` rated `rating` (any rating when absent). */
  | { kind: 'vital'; route: string; name: VitalName; rating?: VitalRating }
  | { kind: 'goal'; goal: Goal }
  /** Sessions that passed the first `steps` goals in order. */
  | { kind: 'funnel'; goals: Goal[]; steps: number }
  /** `route` at flow step `index` (0: the entry); `next`: the step after it (null: the exit). */
  | { kind: 'step'; index: number; route: string; next?: string | null }
  /** Sessions visiting a route at all (`entry`/`exit`: starting or ending there). */
  | { kind: 'route'; route: string; at: 'any' | 'entry' | 'exit' }
  | { kind: 'traffic'; dimension: keyof SessionTraffic; value: string };

/** Whether an analysed session row is among a segment's sessions (false without a summary). */
export function matchesSegment(row: SessionRow, segment: Segment): boolean {
  const summary = row.summary;
  if (!summary) return false;
  const facts = summary.facts;
  switch (segment.kind) {
    case 'analyzed':
      return true;
    case 'range': {
      const value = summary[segment.field];
      return value >= segment.min && (segment.max === null || value < segment.max);
    }
    case 'bounce':
      return summary.bounce;
    case 'endReason':
      return row.endReason === segment.reason;
    case 'failure':
      return (summary.failuresByKind[segment.failure] ?? 0) > 0;
    case 'healthReason':
      return summary.healthReasons.some((reason) => reasonKey(reason) === segment.key);
    case 'failedOn':
      return facts?.failed.some((f) => f.route === segment.route) ?? false;
    case 'failedTarget':
      return facts?.failed.some((f) => f.target === segment.name) ?? false;
    case 'vital':
      return (
        facts?.vitals.some(
          (v) =>
            v.route === segment.route &&
            v.name === segment.name &&
            (segment.rating === undefined || rateVital(v.name, v.value) === segment.rating),
        ) ?? false
      );
    case 'goal':
      return facts ? reachesGoal(facts, segment.goal) : false;
    case 'funnel':
      return facts ? funnelReach(facts, segment.goals) >= segment.steps : false;
    case 'step': {
      if (!facts || facts.routes[segment.index] !== segment.route) return false;
      if (segment.next === undefined) return true;
      return (facts.routes[segment.index + 1] ?? null) === segment.next;
    }
    case 'route': {
      if (!facts) return false;
      if (segment.at === 'entry') return facts.routes[0] === segment.route;
      if (segment.at === 'exit') return facts.routes.at(-1) === segment.route;
      return facts.routes.includes(segment.route);
    }
    case 'traffic':
      return facts?.traffic[segment.dimension] === segment.value;
  }
}

/** Whether a row matches every segment (an empty list matches every analysed or not row). */
export function matchesSegments(row: SessionRow, segments: readonly Segment[]): boolean {
  return segments.every((segment) => matchesSegment(row, segment));
}

const DURATION_UNITS: Array<[number, string]> = [
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** `90 s` → `1.5 min`: a duration bound as people read it. */
export function formatDurationBound(ms: number): string {
  for (const [unit, label] of DURATION_UNITS)
    if (ms >= unit) return `${Math.round((ms / unit) * 10) / 10} ${label}`;
  return `${ms} ms`;
}

const FIELD_LABEL: Record<RangeField, string> = {
  wallMs: 'Duration',
  pages: 'Pages',
  failedActions: 'Failed actions',
};

/** One line a filter chip shows for a segment. */
export function describeSegment(segment: Segment): string {
  switch (segment.kind) {
    case 'range': {
      const f = segment.field === 'wallMs' ? formatDurationBound : (n: number) => String(n);
      const upper =
        segment.max === null
          ? `≥ ${f(segment.min)}`
          : segment.field !== 'wallMs' && segment.max === segment.min + 1
            ? f(segment.min)
            : `${f(segment.min)} – ${f(segment.max)}`;
      return `${FIELD_LABEL[segment.field]}: ${upper}`;
    }
    case 'analyzed':
      return 'Analysed';
    case 'bounce':
      return 'Bounced';
    case 'endReason':
      return `Ended by: ${endReasonLabel(segment.reason)}`;
    case 'failure':
      return `Has ${segment.failure}`;
    case 'healthReason':
      return `Abnormal: ${segment.key}`;
    case 'failedOn':
      return `Failed action on ${segment.route}`;
    case 'failedTarget':
      return `Failed action on “${segment.name}”`;
    case 'vital':
      return `${segment.name}${segment.rating ? ` ${segment.rating}` : ''} on ${segment.route}`;
    case 'goal':
      return `Converted: ${segment.goal.name}`;
    case 'funnel':
      return `Funnel step ${segment.steps}: ${segment.goals
        .slice(0, segment.steps)
        .map((g) => g.name)
        .join(' → ')}`;
    case 'step':
      return `Step ${segment.index + 1}: ${segment.route}${
        segment.next === undefined ? '' : ` → ${segment.next ?? 'exit'}`
      }`;
    case 'route':
      return `${segment.at === 'entry' ? 'Entered on' : segment.at === 'exit' ? 'Exited on' : 'Visited'} ${segment.route}`;
    case 'traffic':
      return `${segment.dimension[0]!.toUpperCase()}${segment.dimension.slice(1)}: ${segment.value}`;
  }
}

/**
 * Segments from a link's text (JSON array). A link can be edited or forged: anything that is not
 * a well-formed segment is refused with an error saying so, never half-applied.
 */
export function parseSegments(text: string): Segment[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The link’s session filter is not valid JSON.');
  }
  if (!Array.isArray(value) || value.length > 10)
    throw new Error('The link’s session filter is not a list of segments.');
  return value.map((item, i) => {
    if (!isSegment(item))
      throw new Error(`Segment ${i + 1} of the link is not one the list knows.`);
    return item;
  });
}

const isString = (v: unknown, max = MAX_GOAL_TEXT): v is string =>
  typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isGoal(v: unknown): v is Goal {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  if (!isString(g['id']) || !isString(g['name'])) return false;
  return g['kind'] === 'url'
    ? isString(g['pattern'])
    : g['kind'] === 'click' && isString(g['target']);
}

function isSegment(v: unknown): v is Segment {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  switch (s['kind']) {
    case 'range':
      return (
        ['wallMs', 'pages', 'failedActions'].includes(s['field'] as string) &&
        isCount(s['min']) &&
        (s['max'] === null || isCount(s['max']))
      );
    case 'analyzed':
    case 'bounce':
      return true;
    case 'endReason':
      return isString(s['reason'], 40);
    case 'failure':
      return isString(s['failure'], 40);
    case 'healthReason':
      return isString(s['key']);
    case 'failedOn':
    case 'route':
      return (
        isString(s['route']) &&
        (s['kind'] === 'failedOn' || ['any', 'entry', 'exit'].includes(s['at'] as string))
      );
    case 'failedTarget':
      return isString(s['name']);
    case 'vital':
      return (
        isString(s['route']) &&
        ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'].includes(s['name'] as string) &&
        (s['rating'] === undefined ||
          ['good', 'needs-improvement', 'poor'].includes(s['rating'] as string))
      );
    case 'goal':
      return isGoal(s['goal']);
    case 'funnel':
      return (
        Array.isArray(s['goals']) &&
        s['goals'].length <= 20 &&
        s['goals'].every(isGoal) &&
        isCount(s['steps'])
      );
    case 'step':
      return (
        isCount(s['index']) &&
        isString(s['route']) &&
        (s['next'] === undefined || s['next'] === null || isString(s['next']))
      );
    case 'traffic':
      return (
        ['source', 'browser', 'os', 'viewport'].includes(s['dimension'] as string) &&
        isString(s['value'])
      );
    default:
      return false;
  }
}
