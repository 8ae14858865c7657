import type { PageVisit } from '../analysis/build-flow';
import type { PageVitals } from '../analysis/collect-page-vitals';
import type { SessionSignals } from '../analysis/collect-signals';
import {
  ACTION_FAILURE_KINDS,
  type FailedAction,
  type FailureKind,
} from '../analysis/failed-action';
import type { VitalName } from '../signals/signal-events';
import { hostOf, pathOf } from '../format/url-parts';
import { routePattern } from './route-pattern';
import { trafficOf, type SessionTraffic } from './traffic-of';

/** Caps on each list, so one long session cannot make its row (read for every overview) heavy. */
export const MAX_FACT_PAGES = 100;
export const MAX_FACT_CLICKS = 40;
export const MAX_FACT_FAILURES = 40;
/** Target names are accessible names: long ones are cut, as the list shows them. */
const MAX_NAME_CHARS = 80;

/** A distinct click target, with the page view it was first clicked on (an index into `paths`). */
export interface ClickedTarget {
  name: string;
  selector: string;
  page: number;
}

/** One page load's final vital, on its route pattern. */
export interface RouteVital {
  route: string;
  name: VitalName;
  value: number;
}

/** Failed actions of one kind, on one route pattern, on one target (by its readable name). */
export interface FailedActionFact {
  kind: FailureKind;
  route: string;
  target: string | null;
  /** How many times (a rage-clicked button counts once per rage click). */
  count: number;
}

/**
 * What the metrics across sessions need from one session, computed once at its end and stored in
 * its summary, so the overview never reads events. Everything here is already redacted/masked.
 */
export interface SessionFacts {
  /** Route patterns of the page views in order, a repeat of the same route collapsed (a reload). */
  routes: string[];
  /** `host/path` of every page view in order (no query or fragment): what URL goals match. */
  paths: string[];
  clicks: ClickedTarget[];
  vitals: RouteVital[];
  failed: FailedActionFact[];
  traffic: SessionTraffic;
  /** Wall time minus active time. */
  idleMs: number;
}

export function collectSessionFacts(input: {
  signals: SessionSignals;
  pages: readonly PageVisit[];
  failures: readonly FailedAction[];
  vitals: readonly PageVitals[];
  idleMs: number;
}): SessionFacts {
  const { signals, pages } = input;
  const routes: string[] = [];
  for (const page of pages) {
    const route = routePattern(page.url);
    if (routes.at(-1) !== route) routes.push(route);
  }
  const clicks: ClickedTarget[] = [];
  const seen = new Set<string>();
  for (const click of signals.clicks) {
    if (!click.target || clicks.length >= MAX_FACT_CLICKS) continue;
    const name = click.target.name.slice(0, MAX_NAME_CHARS);
    const page = Math.min(pageIndexAt(pages, click.timestamp), MAX_FACT_PAGES - 1);
    const key = `${page}\n${name}\n${click.target.selector}`;
    if (seen.has(key)) continue;
    seen.add(key);
    clicks.push({ name, selector: click.target.selector, page });
  }
  const vitals: RouteVital[] = [];
  for (const load of input.vitals) {
    const route = routePattern(load.url);
    for (const [name, v] of Object.entries(load.vitals))
      vitals.push({ route, name: name as VitalName, value: v.value });
  }
  const landing = signals.pages[0] ?? null;
  return {
    routes: routes.slice(0, MAX_FACT_PAGES),
    paths: pages.slice(0, MAX_FACT_PAGES).map((p) => plainPath(p.url)),
    clicks,
    vitals,
    failed: countFailures(input.failures),
    traffic: trafficOf(signals.environment, landing),
    idleMs: Math.max(0, input.idleMs),
  };
}

/** Failed actions grouped by kind, route and target, the first MAX_FACT_FAILURES groups. */
function countFailures(failures: readonly FailedAction[]): FailedActionFact[] {
  const groups = new Map<string, FailedActionFact>();
  for (const f of failures) {
    if (!ACTION_FAILURE_KINDS.has(f.kind)) continue;
    const route = routePattern(f.page);
    const target = f.target ? f.target.name.slice(0, MAX_NAME_CHARS) || f.target.selector : null;
    const key = `${f.kind}\n${route}\n${target ?? ''}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else if (groups.size < MAX_FACT_FAILURES)
      groups.set(key, { kind: f.kind, route, target, count: 1 });
  }
  return [...groups.values()];
}

/** `shop.example/cart`: the host and path a URL goal is matched against. */
export function plainPath(url: string): string {
  const host = hostOf(url);
  return host === '' ? url : `${host}${pathOf(url)}`;
}

/** The page view current at `t` (the last one entered at or before it; the first before any). */
function pageIndexAt(pages: readonly PageVisit[], t: number): number {
  let index = 0;
  for (let i = 0; i < pages.length; i++) {
    if (pages[i]!.enteredAt > t) break;
    index = i;
  }
  return index;
}
