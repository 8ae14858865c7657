// `npm run bench [-- R1 …] [--rounds N] [--storage-seconds N] [--minutes N]`: builds the extension (the npm
// script does), runs the scenarios asked for (all by default), writes bench/results/latest.*.
// Without --rounds each scenario runs its own default number of rounds (V1: 20, the others: 5).
// `--render` only rebuilds latest.md from latest.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { resolve } from 'node:path';
import { chromiumPath } from '../tests/support/chromium';
import { SCENARIOS } from './scenarios';
import type { ScenarioContext, TargetCheck } from './support/scenario';
import { round } from './support/stats';

const RESULTS_DIR = resolve(import.meta.dirname, 'results');
const DEFAULT_ROUNDS = 5;
// R1's steady-page storage recording is opt-in (`--storage-seconds 25`): D1 measures storage now.
const DEFAULT_STORAGE_SECONDS = 0;
// D1 scripts 5-minute sessions in the issue; 2 by default keeps the whole run near 10 minutes.
const DEFAULT_SESSION_MINUTES = 2;

interface SavedScenario {
  title: string;
  ranAt: string;
  durationS: number;
  options: { rounds: number; storageSeconds: number };
  /** 1-minute load average before and after: other work on the machine is noise. */
  load: { before: number; after: number };
  warnings: string[];
  data: unknown;
}

interface SavedResults {
  environment: Record<string, string | number>;
  scenarios: Record<string, SavedScenario>;
}

function parseArgs(argv: readonly string[]) {
  const ids: string[] = [];
  /** Null: each scenario's own default (`defaultRounds`, else DEFAULT_ROUNDS). */
  let rounds: number | null = null;
  let storageSeconds = DEFAULT_STORAGE_SECONDS;
  let sessionMinutes = DEFAULT_SESSION_MINUTES;
  let renderOnly = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const number = () => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${arg} takes a whole number.`);
      return value;
    };
    if (arg === '--rounds') rounds = Math.max(1, number());
    else if (arg === '--storage-seconds') storageSeconds = number();
    else if (arg === '--minutes') sessionMinutes = Math.max(1, number());
    else if (arg === '--render') renderOnly = true;
    else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}.`);
    else ids.push(arg.toUpperCase());
  }
  const known = new Set(SCENARIOS.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`Unknown scenario ${unknown.join(', ')}; known: ${[...known].join(', ')}.`);
  }
  return {
    ids: ids.length > 0 ? ids : [...known],
    rounds,
    storageSeconds,
    sessionMinutes,
    renderOnly,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

function environment(): Record<string, string | number> {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'extension', 'shared']) !== '';
  return {
    commit: commit ? `${commit}${dirty ? ' (extension/shared modified)' : ''}` : 'unknown',
    chromium: execFileSync(chromiumPath(), ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown'}`,
    os: `${process.platform} ${release()}`,
  };
}

function loadSaved(): SavedResults | null {
  const path = resolve(RESULTS_DIR, 'latest.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SavedResults;
  } catch {
    return null;
  }
}

function renderScenario(id: string, saved: SavedScenario): string {
  const scenario = SCENARIOS.find((s) => s.id === id);
  let body: string;
  try {
    body = scenario ? scenario.render(saved.data) : `## ${id}\n\n(no such scenario any more)`;
  } catch {
    body = `## ${id}\n\n(saved by an older bench: run \`npm run bench -- ${id}\` again)`;
  }
  const load = saved.load ? `, load average ${saved.load.before} → ${saved.load.after}` : '';
  const when = `_Ran ${saved.ranAt} in ${saved.durationS} s (${saved.options.rounds} rounds${load})._`;
  const warnings = saved.warnings.map((w) => `- ⚠ ${w}`).join('\n');
  return [body, '', when, ...(warnings ? ['', warnings] : [])].join('\n');
}

/** One table of every target: scenario, target, this run's figure, met or not. */
function renderTargets(scenarios: Record<string, SavedScenario>): string {
  const rows = ['| scenario | target | result | |', '|---|---|---|:-:|'];
  for (const [id, saved] of Object.entries(scenarios)) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    let checks: TargetCheck[];
    try {
      checks = scenario?.targets?.(saved.data) ?? [];
    } catch {
      continue; // saved by an older bench
    }
    for (const check of checks) {
      const mark = check.met === null ? '–' : check.met ? '✓' : '✗';
      rows.push(`| ${id} | ${check.target} | ${check.result} | ${mark} |`);
    }
  }
  return rows.join('\n');
}

function renderAll(results: SavedResults): string {
  const env = Object.entries(results.environment)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  const sections = Object.entries(results.scenarios).map(([id, s]) => renderScenario(id, s));
  return [
    '# Tabreel benchmarks — latest results',
    '',
    `Written by \`npm run bench\`; method in docs/benchmarks.md. ${env}`,
    '',
    '## Targets',
    '',
    renderTargets(results.scenarios),
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.renderOnly) {
    const existing = loadSaved();
    if (!existing) throw new Error('No bench/results/latest.json to render.');
    writeFileSync(resolve(RESULTS_DIR, 'latest.md'), renderAll(existing));
    console.log(renderAll(existing));
    return;
  }
  const saved: SavedResults = {
    environment: environment(),
    scenarios: loadSaved()?.scenarios ?? {},
  };
  const printed: string[] = [];
  const runStarted = Date.now();
  for (const id of options.ids) {
    const scenario = SCENARIOS.find((s) => s.id === id)!;
    const warnings: string[] = [];
    const rounds = options.rounds ?? scenario.defaultRounds ?? DEFAULT_ROUNDS;
    const context: ScenarioContext = {
      rounds,
      storageSeconds: options.storageSeconds,
      sessionMinutes: options.sessionMinutes,
      log: (line) => console.log(`[${id}] ${line}`),
      warn: (line) => {
        warnings.push(line);
        console.warn(`[${id}] ⚠ ${line}`);
      },
    };
    console.log(`[${id}] ${scenario.title}`);
    const loadBefore = loadavg()[0]!;
    if (loadBefore > cpus().length / 2) {
      context.warn(
        `load average ${loadBefore.toFixed(1)} on ${cpus().length} cores before the run: other work adds noise.`,
      );
    }
    const started = Date.now();
    const data = await scenario.run(context);
    saved.scenarios[id] = {
      title: scenario.title,
      ranAt: new Date().toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      options: { rounds, storageSeconds: options.storageSeconds },
      load: { before: round(loadBefore, 2), after: round(loadavg()[0]!, 2) },
      warnings,
      data,
    };
    printed.push(renderScenario(id, saved.scenarios[id]));
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(resolve(RESULTS_DIR, 'latest.json'), `${JSON.stringify(saved, null, 1)}\n`);
  writeFileSync(resolve(RESULTS_DIR, 'latest.md'), renderAll(saved));
  const ran = Object.fromEntries(options.ids.map((id) => [id, saved.scenarios[id]!]));
  const minutes = (Date.now() - runStarted) / 60_000;
  console.log(
    `\n${printed.join('\n\n')}\n\n## Targets\n\n${renderTargets(ran)}\n\n` +
      `${options.ids.length} scenario(s) in ${minutes.toFixed(1)} min. Written: bench/results/latest.json, latest.md`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
