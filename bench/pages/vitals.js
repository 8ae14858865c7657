/* global window, document, location, navigator, performance, PerformanceObserver, requestAnimationFrame, setTimeout, URL, URLSearchParams, countDeliveryAcks */
// V1's measuring script, the first script of bench/pages/vitals-page.html: the page's own vitals,
// as the page sees them. LCP from PerformanceObserver('largest-contentful-paint'), FCP from
// PerformanceObserver('paint'), TTFB, DOMContentLoaded and load from Navigation Timing; every value
// in ms from the navigation's start. The observers are buffered, so nothing before them is missed.
(() => {
  // When the page's first script runs: what document_start content scripts did before it shows here.
  const firstScript = performance.now();
  const params = new URLSearchParams(location.search);
  const delivery = { event: params.get('deliveryEvent'), acks: 0, lastAckAt: 0 };
  const vitals = { fcp: null, fp: null, lcp: null };

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') vitals.fcp = entry.startTime;
      if (entry.name === 'first-paint') vitals.fp = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });

  new PerformanceObserver((list) => {
    const entry = list.getEntries().at(-1);
    if (!entry) return;
    vitals.lcp = {
      startTime: entry.startTime,
      element: entry.element
        ? `${entry.element.tagName.toLowerCase()}${entry.element.id ? `#${entry.element.id}` : ''}`
        : null,
      url: entry.url ? new URL(entry.url).pathname + new URL(entry.url).search : '',
      size: entry.size,
    };
  }).observe({ type: 'largest-contentful-paint', buffered: true });

  countDeliveryAcks(delivery);

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  window.__vitals = {
    /** After load, two frames and a pause (the LCP image painted, its entry delivered): the values. */
    async collect() {
      if (document.readyState !== 'complete') {
        await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
      }
      await nextFrame();
      await nextFrame();
      await sleep(100);
      const [nav] = performance.getEntriesByType('navigation');
      return {
        ttfb: nav.responseStart,
        firstScript,
        fcp: vitals.fcp,
        fp: vitals.fp,
        lcp: vitals.lcp,
        domContentLoaded: nav.domContentLoadedEventStart,
        load: nav.loadEventStart,
        elements: document.getElementsByTagName('*').length,
        hidden: document.visibilityState !== 'visible',
        userAgent: navigator.userAgent,
      };
    },

    /**
     * In the extension arm: waits until the service worker has acked a batch (the full snapshot
     * is stored) and no ack came for `silenceMs`, so the tab closes with its delivery done.
     */
    async delivered({ silenceMs = 200, timeoutMs = 6000 } = {}) {
      const start = performance.now();
      while (delivery.acks === 0 && performance.now() - start < timeoutMs) await sleep(20);
      while (performance.now() - delivery.lastAckAt < silenceMs) await sleep(20);
      return { acks: delivery.acks };
    },
  };
})();
