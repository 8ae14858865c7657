import { rate, type AnalyzedSession } from './analyzed-session';
import { funnelReach, reachesGoal, type Goal } from './goal';
import type { Segment } from './segment';

/** Failed-action buckets for "does failing cost conversions": 0, 1, 2, more than 2. */
export const FAILURE_BUCKETS: ReadonlyArray<{ label: string; min: number; max: number | null }> = [
  { label: '0', min: 0, max: 1 },
  { label: '1', min: 1, max: 2 },
  { label: '2', min: 2, max: 3 },
  { label: '> 2', min: 3, max: null },
];

export interface GoalConversion {
  goal: Goal;
  converted: number;
  rate: number;
  segment: Segment;
}

export interface FunnelStep {
  goal: Goal;
  /** Sessions that passed this step and every one before it, in order. */
  reached: number;
  /** Share of all sessions, and of the previous step's. */
  rate: number;
  stepRate: number;
  /** Sessions the previous step had that this one lost. */
  dropOff: number;
  segment: Segment;
}

export interface FailureBucketConversions {
  label: string;
  sessions: number;
  segment: Segment;
  goals: Array<{ goal: Goal; converted: number; rate: number; segment: Segment[] }>;
}

export interface ConversionsOverview {
  /** Sessions with facts (analysed under v3 rules): the denominator of every rate here. */
  sessions: number;
  goals: GoalConversion[];
  funnel: FunnelStep[];
  byFailures: FailureBucketConversions[];
}

/** Conversion rate of each goal, the goals as an ordered funnel, and rates by failed actions. */
export function aggregateConversions(
  all: readonly AnalyzedSession[],
  goals: readonly Goal[],
): ConversionsOverview {
  const sessions = all.filter((s) => s.summary.facts);
  const met = goals.map((goal) => sessions.map((s) => reachesGoal(s.summary.facts!, goal)));
  const reach = sessions.map((s) => funnelReach(s.summary.facts!, goals));
  const funnel: FunnelStep[] = [];
  goals.forEach((goal, k) => {
    const reached = reach.filter((r) => r > k).length;
    const previous = k === 0 ? sessions.length : funnel[k - 1]!.reached;
    funnel.push({
      goal,
      reached,
      rate: rate(reached, sessions.length),
      stepRate: rate(reached, previous),
      dropOff: previous - reached,
      segment: { kind: 'funnel', goals: [...goals], steps: k + 1 },
    });
  });
  return {
    sessions: sessions.length,
    goals: goals.map((goal, g) => {
      const converted = met[g]!.filter(Boolean).length;
      return {
        goal,
        converted,
        rate: rate(converted, sessions.length),
        segment: { kind: 'goal', goal },
      };
    }),
    funnel,
    byFailures: FAILURE_BUCKETS.map(({ label, min, max }) => {
      const bucket: Segment = { kind: 'range', field: 'failedActions', min, max };
      const inBucket = sessions
        .map((s, i) => ({ s, i }))
        .filter(
          ({ s }) =>
            s.summary.failedActions >= min && (max === null || s.summary.failedActions < max),
        );
      return {
        label,
        sessions: inBucket.length,
        segment: bucket,
        goals: goals.map((goal, g) => {
          const converted = inBucket.filter(({ i }) => met[g]![i]).length;
          return {
            goal,
            converted,
            rate: rate(converted, inBucket.length),
            segment: [bucket, { kind: 'goal', goal }],
          };
        }),
      };
    }),
  };
}
