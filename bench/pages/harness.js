/* global window, document, location, navigator, performance, PerformanceObserver, requestAnimationFrame, setTimeout, URLSearchParams, countDeliveryAcks */
// The bench harness inside a page. Workloads register here; the runner drives window.__bench with
// code strings (nothing is compiled for the page). Every timing is taken in the page with
// performance.now(), from the start of the work until the page is quiet again: the work, the
// MutationObserver callbacks it triggers (where a recorder serializes and emits), the next frame
// (style, layout, paint) and one task after it.
(() => {
  // Every settle lasts at least this long, in every arm, so every arm idles between workloads
  // (the extension arm longer: it also waits for delivery).
  const MIN_SETTLE_MS = 300;
  const DELIVERY_TIMEOUT_MS = 6000;
  const params = new URLSearchParams(location.search);
  const workloads = new Map();
  const delivery = { event: params.get('deliveryEvent'), acks: 0, mark: 0, lastAckAt: 0 };
  const SETTLE_SILENCE_MS = Number(params.get('settleSilenceMs')) || 200;
  let stage = null;
  /** Long tasks (> 50 ms) on the page's main thread, whoever ran them (page or extension). */
  const longTasks = [];
  let quietAt = 0;
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
    type: 'longtask',
    buffered: true,
  });

  countDeliveryAcks(delivery);

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  /** A task behind every task already queued at any priority, background included. */
  const lastInLine = () =>
    window.scheduler?.postTask
      ? window.scheduler.postTask(() => {}, { priority: 'background' })
      : sleep(0);
  // Quiet: the next frame, one task after it, and the background-priority work queued by then (a
  // recorder that hands its events over after the frame, as Tabreel's does, is still measured).
  const untilQuiet = async () => {
    await nextFrame();
    await sleep(0);
    await lastInLine();
  };

  const freshStage = () => {
    stage?.remove();
    stage = document.createElement('div');
    stage.className = 'stage';
    document.body.append(stage);
  };

  window.__bench = {
    /** `workload`: { title, setup?(stage), run(stage) }. */
    register(id, workload) {
      workloads.set(id, workload);
    },
    ids: () => [...workloads.keys()],
    titles: () => Object.fromEntries([...workloads].map(([id, w]) => [id, w.title])),

    /** After load: the recorder under test (if any) has taken and delivered its full snapshot. */
    async ready({ silenceMs = 1200 } = {}) {
      if (document.readyState !== 'complete') {
        await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
      }
      freshStage();
      delivery.mark = 0;
      const settled = await this.settle({ expectDelivery: true, silenceMs });
      return {
        ...settled,
        acks: delivery.acks,
        anchorEvents: window.__anchor ? window.__anchor.count() : null,
        userAgent: navigator.userAgent,
      };
    },

    /** Untimed set-up. Returns whether it changed the DOM (then the runner settles it). */
    prepare(id) {
      const workload = workloads.get(id);
      if (!workload) throw new Error(`No workload ${id}.`);
      delivery.mark = delivery.acks;
      if (!workload.setup) return false;
      workload.setup(stage);
      return true;
    },

    /** The timed part, then an untimed reset: the stage is replaced for the next workload. */
    async run(id) {
      const workload = workloads.get(id);
      if (!workload) throw new Error(`No workload ${id}.`);
      delivery.mark = delivery.acks;
      const nodes = document.getElementsByTagName('*').length;
      const start = performance.now();
      workload.run(stage);
      await sleep(0); // the MutationObserver callbacks (microtasks) have run
      const scriptMs = performance.now() - start;
      await untilQuiet();
      const quietMs = performance.now() - start;
      const nodesAfter = document.getElementsByTagName('*').length;
      freshStage();
      window.__anchor?.clear();
      await untilQuiet(); // the reset is rendered before late long tasks are counted
      quietAt = performance.now();
      return { quietMs, scriptMs, nodesBefore: nodes, nodesAfter };
    },

    /**
     * Waits until the page is quiet and, where a delivery event is watched and `expectDelivery`,
     * until a batch sent since the last mark is acked and no ack followed for `silenceMs`.
     */
    async settle({ expectDelivery = true, silenceMs = SETTLE_SILENCE_MS } = {}) {
      const start = performance.now();
      await untilQuiet();
      let timedOut = false;
      if (delivery.event && expectDelivery) {
        while (delivery.acks <= delivery.mark && !timedOut) {
          await sleep(20);
          timedOut = performance.now() - start > DELIVERY_TIMEOUT_MS;
        }
        while (performance.now() - delivery.lastAckAt < silenceMs) await sleep(20);
      }
      const rest = MIN_SETTLE_MS - (performance.now() - start);
      if (rest > 0) await sleep(rest);
      // Blocking time (the part of each long task over 50 ms, as in TBT) after the page was quiet
      // and reset: work deferred past the timed window, such as delivering events, or GC.
      const lateBlockingMs = longTasks
        .filter((task) => task.startTime >= quietAt)
        .reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
      return { settleMs: performance.now() - start, timedOut, lateBlockingMs };
    },
  };
})();
