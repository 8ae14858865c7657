import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Which Chromium process the CPU time was spent in. */
export type ProcessKind = 'browser' | 'renderer' | 'extension' | 'gpu' | 'utility' | 'other';

export type CpuByKind = Record<ProcessKind, number>;

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: a reaped child's time stays in the tree through its parent. */
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited meanwhile
  }
  // Fields after "pid (comm) ": the command may hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const num = (i: number) => Number(fields[i]);
  return { pid, ppid: num(1), ticks: num(11) + num(12) + num(13) + num(14) };
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
}

function kindOf(pid: number): ProcessKind {
  let args: string[];
  try {
    // Chromium rewrites its process title: the arguments may be joined by spaces, not NULs.
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  } catch {
    return 'other';
  }
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return 'browser';
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension' : 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return 'utility';
  return 'other'; // zygotes: they hold the time of renderers that have exited
}

export function isChromium(pid: number): boolean {
  try {
    return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** Direct children of a process (to find the Chromium that Playwright just spawned). */
export function childPids(parent = process.pid): number[] {
  return allStats()
    .filter((s) => s.ppid === parent)
    .map((s) => s.pid);
}

/**
 * CPU time (ms) used so far by a process and all its descendants, by kind of Chromium process.
 * Linux only (/proc); on other systems every figure is 0.
 */
export function treeCpuMs(rootPid: number): CpuByKind {
  const totals: CpuByKind = {
    browser: 0,
    renderer: 0,
    extension: 0,
    gpu: 0,
    utility: 0,
    other: 0,
  };
  let stats: ProcStat[];
  try {
    stats = allStats();
  } catch {
    return totals;
  }
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat);
    children.set(stat.ppid, list);
  }
  const root = stats.find((s) => s.pid === rootPid);
  const queue = root ? [root] : [];
  while (queue.length > 0) {
    const stat = queue.pop()!;
    totals[kindOf(stat.pid)] += (stat.ticks * 1000) / TICKS_PER_SECOND;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return totals;
}

export function cpuDelta(before: CpuByKind, after: CpuByKind): CpuByKind & { total: number } {
  const kinds = Object.keys(before) as ProcessKind[];
  const delta = Object.fromEntries(kinds.map((k) => [k, after[k] - before[k]])) as CpuByKind;
  return { ...delta, total: kinds.reduce((sum, k) => sum + delta[k], 0) };
}
