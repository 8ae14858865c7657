import { bisectRight } from 'd3-array';

/** A time bucket: sessions started at or after `start` and before `end` (ms since the epoch). */
export interface TimeBin {
  start: number;
  end: number;
}

/** The bins between consecutive edges (ascending). */
export function binsOf(edges: readonly number[]): TimeBin[] {
  return edges.slice(1).map((end, i) => ({ start: edges[i]!, end }));
}

/** The index of the bin holding `t`, or -1 outside every bin. */
export function binIndexOf(edges: readonly number[], t: number): number {
  const i = bisectRight(edges, t) - 1;
  return i >= 0 && i < edges.length - 1 ? i : -1;
}
