/** What every scenario gets from the runner. */
export interface ScenarioContext {
  /** Measured rounds (after one warm-up round). */
  rounds: number;
  /** Seconds of steady recording for storage figures. */
  storageSeconds: number;
  /** Minutes each D1 session is scripted for (`--minutes`, 2 by default; the issue asks 5). */
  sessionMinutes: number;
  log: (line: string) => void;
  /** Something looked wrong but the run went on: reported beside the results. */
  warn: (line: string) => void;
}

/** One of the targets, and what this run measured against it. */
export interface TargetCheck {
  target: string;
  result: string;
  /** null: reported, no target to meet. */
  met: boolean | null;
}

/**
 * A benchmark scenario, registered by id in bench/scenarios/index.ts. `run` returns plain JSON
 * data (saved in bench/results/latest.json); `render` turns that data into Markdown, so the
 * table can be rebuilt from saved results.
 */
export interface Scenario<Data = unknown> {
  id: string;
  title: string;
  /** Measured rounds when `--rounds` is not given (the runner's default otherwise). */
  defaultRounds?: number;
  run(context: ScenarioContext): Promise<Data>;
  render(data: Data): string;
  /** The targets and this run's figure for each: the summary table printed last. */
  targets?(data: Data): TargetCheck[];
}
