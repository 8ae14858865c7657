import { launchWithExtension, type ExtensionBrowser } from '../../tests/support/chromium';
import { RELAY_COMMAND } from '../../shared/messages/relay-to-page';
import { childPids, isChromium, treeCpuMs, type CpuByKind } from './process-cpu';

export type ArmId = 'none' | 'extension' | 'rrweb' | 'rrweb-esm';

export const ARM_LABELS: Record<ArmId, string> = {
  none: 'no extension',
  extension: 'extension',
  rrweb: 'bare rrweb UMD',
  'rrweb-esm': 'bare rrweb ESM',
};

/** A value for each arm. */
export function byArm<T>(make: (id: ArmId) => T): Record<ArmId, T> {
  return {
    none: make('none'),
    extension: make('extension'),
    rrweb: make('rrweb'),
    'rrweb-esm': make('rrweb-esm'),
  };
}

/** One configuration under comparison: its own Chromium, kept for the whole scenario. */
export interface Arm {
  id: ArmId;
  browser: ExtensionBrowser;
  /** A bench page's URL as this arm loads it. */
  pageUrl: (url: string) => string;
  /** CPU (ms) used so far by this arm's Chromium and all its processes. */
  cpuMs: () => CpuByKind;
}

/**
 * Launches one Chromium per arm, one after the other: `none` without the extension, `extension` with
 * the built extension recording, `rrweb` / `rrweb-esm` without it, the page starting bare rrweb
 * itself from rrweb's UMD or ES module build (the anchors).
 */
export async function launchArms(ids: readonly ArmId[]): Promise<Arm[]> {
  // Opt-in check (docs/benchmarks.md, R1): a longer ack silence before the next workload, so the
  // relay's trailing partial batch and the worker's deflate land in the settle. Default 200 ms.
  const silenceMs = Number(process.env.BENCH_SETTLE_SILENCE_MS);
  const settleSilence = silenceMs > 0 ? `&settleSilenceMs=${silenceMs}` : '';
  const arms: Arm[] = [];
  try {
    for (const id of ids) {
      const before = new Set(childPids());
      const browser = await launchWithExtension({ withExtension: id === 'extension' });
      // Playwright spawns Chromium as our child; the new one is this arm's browser process.
      const pid = childPids().find((p) => !before.has(p) && isChromium(p));
      const query =
        id === 'extension'
          ? `deliveryEvent=${encodeURIComponent(RELAY_COMMAND)}${settleSilence}`
          : id === 'none'
            ? ''
            : `anchor=${id}`;
      arms.push({
        id,
        browser,
        pageUrl: (url) => (query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url),
        cpuMs: () => (pid === undefined ? treeCpuMs(-1) : treeCpuMs(pid)),
      });
    }
  } catch (error) {
    await closeArms(arms);
    throw error;
  }
  return arms;
}

export async function closeArms(arms: readonly Arm[]): Promise<void> {
  for (const arm of arms) await arm.browser.close().catch(() => {});
}

/**
 * The extension arm alone, from a given build (a copy of dist/extension): for the S1 tools that
 * compare builds or trace one (bench/ab-s1.ts, trace-s1.ts, probe-s1-overlaps.ts). Its CPU is not read.
 */
export async function launchExtensionArm(extensionDir: string): Promise<Arm> {
  const browser = await launchWithExtension({ extensionDir });
  const query = `deliveryEvent=${encodeURIComponent(RELAY_COMMAND)}`;
  return {
    id: 'extension',
    browser,
    pageUrl: (url) => `${url}${url.includes('?') ? '&' : '?'}${query}`,
    cpuMs: () => treeCpuMs(-1),
  };
}
