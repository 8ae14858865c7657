import type { AnalyzedSession } from './analyzed-session';
import type { Segment } from './segment';

/** Steps the flow diagram follows from the entry page, and routes it names per step. */
export const FLOW_STEPS = 5;
export const FLOW_ROUTES_PER_STEP = 6;
/** Stand-ins in the diagram: routes beyond the top ones of a step, and leaving the site. */
export const OTHER_ROUTE = '(other)';
export const EXIT_ROUTE = '(exit)';

export interface RouteFlow {
  route: string;
  /** Page views on it (a reload of the same route collapsed). */
  views: number;
  /** Sessions that visited it, started on it, and ended on it. */
  sessions: number;
  entries: number;
  exits: number;
  /** exits / sessions that visited it. */
  exitRate: number;
  segments: { any: Segment; entry: Segment; exit: Segment };
}

export interface FlowNode {
  id: string;
  step: number;
  route: string;
  /** Sessions at this step on this route. */
  sessions: number;
  /** Those whose session ended here (drop-off). */
  exits: number;
  segment: Segment | null;
}

export interface FlowLink {
  source: string;
  target: string;
  sessions: number;
  segment: Segment | null;
}

export interface FlowOverview {
  routes: RouteFlow[];
  /** Consecutive route pairs over all sessions; `to` null is the session's end. */
  transitions: Array<{ from: string; to: string | null; count: number }>;
  /** The first FLOW_STEPS steps as a diagram: nodes per step, links between steps and to exits. */
  nodes: FlowNode[];
  links: FlowLink[];
}

/** Page-to-page movement across sessions, on route patterns (see session-facts.ts). */
export function aggregateFlow(all: readonly AnalyzedSession[]): FlowOverview {
  const sessions = all.filter((s) => s.summary.facts && s.summary.facts.routes.length > 0);
  const routes = new Map<
    string,
    { views: number; sessions: number; entries: number; exits: number }
  >();
  const transitions = new Map<string, { from: string; to: string | null; count: number }>();
  const entryOf = (route: string) => {
    let entry = routes.get(route);
    if (!entry) routes.set(route, (entry = { views: 0, sessions: 0, entries: 0, exits: 0 }));
    return entry;
  };
  for (const s of sessions) {
    const path = s.summary.facts!.routes;
    path.forEach((route, i) => {
      entryOf(route).views += 1;
      const to = path[i + 1] ?? null;
      const key = `${route}\n${to ?? ''}`;
      const t = transitions.get(key) ?? { from: route, to, count: 0 };
      t.count += 1;
      transitions.set(key, t);
    });
    for (const route of new Set(path)) entryOf(route).sessions += 1;
    entryOf(path[0]!).entries += 1;
    entryOf(path.at(-1)!).exits += 1;
  }
  const { nodes, links } = diagramOf(sessions.map((s) => s.summary.facts!.routes));
  return {
    routes: [...routes]
      .map(([route, r]) => ({
        route,
        ...r,
        exitRate: r.sessions === 0 ? 0 : r.exits / r.sessions,
        segments: {
          any: { kind: 'route', route, at: 'any' } as Segment,
          entry: { kind: 'route', route, at: 'entry' } as Segment,
          exit: { kind: 'route', route, at: 'exit' } as Segment,
        },
      }))
      .sort((a, b) => b.sessions - a.sessions || (a.route < b.route ? -1 : 1)),
    transitions: [...transitions.values()].sort(
      (a, b) => b.count - a.count || (a.from < b.from ? -1 : 1),
    ),
    nodes,
    links,
  };
}

/** Step-indexed nodes (a route at step k), so the diagram has no cycles however people loop. */
function diagramOf(paths: ReadonlyArray<readonly string[]>): {
  nodes: FlowNode[];
  links: FlowLink[];
} {
  const nodes = new Map<string, FlowNode>();
  const links = new Map<string, FlowLink>();
  const named: Array<Set<string>> = [];
  for (let step = 0; step < FLOW_STEPS; step++) {
    const counts = new Map<string, number>();
    for (const path of paths) {
      const route = path[step];
      if (route !== undefined) counts.set(route, (counts.get(route) ?? 0) + 1);
    }
    named.push(
      new Set(
        [...counts]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, FLOW_ROUTES_PER_STEP)
          .map(([route]) => route),
      ),
    );
  }
  const nodeAt = (step: number, path: readonly string[]): FlowNode => {
    const actual = path[step]!;
    const route = named[step]!.has(actual) ? actual : OTHER_ROUTE;
    const id = `${step}|${route}`;
    let node = nodes.get(id);
    if (!node) {
      node = {
        id,
        step,
        route,
        sessions: 0,
        exits: 0,
        segment: route === OTHER_ROUTE ? null : { kind: 'step', index: step, route },
      };
      nodes.set(id, node);
    }
    return node;
  };
  const exitNode = (step: number): FlowNode => {
    const id = `${step}|${EXIT_ROUTE}`;
    let node = nodes.get(id);
    if (!node) {
      node = { id, step, route: EXIT_ROUTE, sessions: 0, exits: 0, segment: null };
      nodes.set(id, node);
    }
    return node;
  };
  for (const path of paths) {
    const last = Math.min(path.length, FLOW_STEPS) - 1;
    for (let step = 0; step <= last; step++) {
      const node = nodeAt(step, path);
      node.sessions += 1;
      const ended = step === path.length - 1;
      if (ended) node.exits += 1;
      if (step === FLOW_STEPS - 1) continue; // the diagram stops here; the sessions go on
      const next = ended ? exitNode(step + 1) : nodeAt(step + 1, path);
      if (ended) next.sessions += 1;
      const key = `${node.id}>${next.id}`;
      let link = links.get(key);
      if (!link) {
        const known = node.route !== OTHER_ROUTE && next.route !== OTHER_ROUTE;
        link = {
          source: node.id,
          target: next.id,
          sessions: 0,
          segment: known
            ? { kind: 'step', index: step, route: node.route, next: ended ? null : next.route }
            : null,
        };
        links.set(key, link);
      }
      link.sessions += 1;
    }
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}
