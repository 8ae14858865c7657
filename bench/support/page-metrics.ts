import type { CDPSession, Page } from 'playwright-core';

/** The renderer main-thread figures we keep from CDP Performance.getMetrics, in ms. */
export interface MainThreadMs {
  task: number;
  script: number;
  layout: number;
  style: number;
}

export interface PageProbe {
  mainThreadMs: () => Promise<MainThreadMs>;
  /** A full GC, so every arm starts a workload with the same heap state. */
  collectGarbage: () => Promise<void>;
  detach: () => Promise<void>;
}

export async function probePage(page: Page): Promise<PageProbe> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return {
    mainThreadMs: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return {
        task: value('TaskDuration'),
        script: value('ScriptDuration'),
        layout: value('LayoutDuration'),
        style: value('RecalcStyleDuration'),
      };
    },
    collectGarbage: async () => {
      await cdp.send('HeapProfiler.collectGarbage');
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

export function mainThreadDelta(before: MainThreadMs, after: MainThreadMs): MainThreadMs {
  return {
    task: after.task - before.task,
    script: after.script - before.script,
    layout: after.layout - before.layout,
    style: after.style - before.style,
  };
}
