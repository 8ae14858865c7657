// A Chrome trace of what runs while `run` does, for the trace-* tools (trace-load, trace-p1,
// trace-s1): each reads the events its own way.
import type { CDPSession } from 'playwright-core';

/** One trace event, with the fields the tools read. */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  id2?: { local?: string; global?: string };
  args?: {
    name?: string;
    data?: Record<string, unknown>;
    beginData?: Record<string, unknown>;
    fileName?: string;
  };
}

/** Traces `categories` (comma-separated) through `cdp` while `run` runs. */
export async function recordTrace<T>(
  cdp: CDPSession,
  categories: string,
  run: () => Promise<T>,
): Promise<{ events: TraceEvent[]; result: T }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) =>
    events.push(...(value as unknown as TraceEvent[])),
  );
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  const result = await run();
  await cdp.send('Tracing.end');
  await complete;
  return { events, result };
}

/** A complete event of one thread (X, or a B/E pair), with its nesting depth. */
export type TraceSpan = TraceEvent & { dur: number; depth: number };

/** Complete events (X, or B/E pairs) of one thread, sorted, with their nesting depth. */
export function threadSpans(events: readonly TraceEvent[], pid: number, tid: number): TraceSpan[] {
  const open: TraceEvent[] = [];
  const out: Array<TraceEvent & { dur: number }> = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X' && e.dur !== undefined) out.push(e as TraceEvent & { dur: number });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) out.push({ ...b, dur: e.ts - b.ts, args: { ...b.args, ...e.args } });
    }
  }
  out.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack: Array<TraceEvent & { dur: number }> = [];
  return out.map((e) => {
    while (stack.length > 0 && stack.at(-1)!.ts + stack.at(-1)!.dur <= e.ts) stack.pop();
    const depth = stack.length;
    stack.push(e);
    return { ...e, depth };
  });
}
