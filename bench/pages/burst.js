/* global window, document, location, performance, requestAnimationFrame, setTimeout, MessageChannel, URLSearchParams, countDeliveryAcks */
// S1's page (bench/pages/burst.html): makes the recorder produce events at a set rate, frame by
// task, by appending paragraphs of generated text (and dropping old ones, so the DOM stays small),
// and counts what the recorder hands to the relay (`?pushEvents=`: the event names) with wall-clock
// times, so the bench can set them against the service worker's commits.
(() => {
  const params = new URLSearchParams(location.search);
  const delivery = { event: params.get('deliveryEvent'), acks: 0, lastAckAt: 0 };
  countDeliveryAcks(delivery);
  const wall = () => performance.timeOrigin + performance.now();

  let pushedChars = 0;
  for (const name of (params.get('pushEvents') ?? '').split(',').filter(Boolean)) {
    document.addEventListener(name, (event) => {
      if (typeof event.detail === 'string') pushedChars += event.detail.length;
    });
  }

  const WORDS = (
    'order shipped invoice refund customer warehouse parcel courier address payment card ' +
    'pending delivered returned ticket status update note priority region stock item total'
  ).split(' ');
  let seed = 11;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const text = (chars) => {
    const parts = [];
    let length = 0;
    while (length < chars) {
      const word = WORDS[Math.floor(random() * WORDS.length)];
      const id = Math.floor(random() * 1_000_000);
      const piece = `${word} #${id} `;
      parts.push(piece);
      length += piece.length;
    }
    return parts.join('');
  };
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  /** A new task (no setTimeout clamping): the mutation observer reports the last one in between. */
  const nextTask = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  const PARAGRAPH_CHARS = 64 * 1024;

  window.__burst = {
    ready: async () => {
      const until = performance.now() + 10_000;
      while (delivery.event && delivery.acks === 0 && performance.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 50));
      return { acks: delivery.acks };
    },
    /**
     * Appends text at `charsPerSecond` until `totalChars` have been added: a 64 KB paragraph a task
     * (each task's mutation is one rrweb event, as a busy app's commits are), catching up without
     * waiting for a frame when behind, and waiting for the next frame when ahead.
     * Returns the recorder's output over time: [wall ms, chars handed to the relay so far].
     */
    run: async (totalChars, charsPerSecond) => {
      const log = document.getElementById('log');
      const samples = [[wall(), pushedChars]];
      const startPushed = pushedChars;
      const start = performance.now();
      let added = 0;
      while (added < totalChars) {
        const due = ((performance.now() - start) / 1000) * charsPerSecond;
        if (added >= due) {
          await frame();
        } else {
          const p = document.createElement('p');
          p.textContent = text(Math.min(PARAGRAPH_CHARS, totalChars - added));
          log.append(p);
          added += p.textContent.length;
          if (log.childElementCount > 8) log.firstElementChild.remove();
          await nextTask();
        }
        samples.push([wall(), pushedChars]);
      }
      await frame();
      await new Promise((resolve) => setTimeout(resolve, 50));
      samples.push([wall(), pushedChars]);
      return {
        samples,
        pushed: pushedChars - startPushed,
        seconds: (performance.now() - start) / 1000,
      };
    },
    acks: () => delivery.acks,
  };
})();
