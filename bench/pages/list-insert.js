/* global window, document, location, navigator, performance, requestAnimationFrame, setTimeout, URLSearchParams, MessageChannel, countDeliveryAcks */
// R3's page script (bench/pages/list-page.html): a click on "Add 100" / "Add 500" inserts that many
// tickets into the list in one task, as a framework's commit does (built in a fragment, appended
// once). Each insert is timed in the page from the click handler's start until the next frame has
// been painted: requestAnimationFrame, then a MessageChannel message posted from it (it runs after
// that frame's paint, without setTimeout's clamping).
(() => {
  const params = new URLSearchParams(location.search);
  // The extension arm: Tabreel's relay answers every committed batch with a 'session' command
  // (`deliveryEvent`), and the recorder hands every event to the relay as a DOM event (`pushEvents`).
  const delivery = { event: params.get('deliveryEvent'), acks: 0, lastAckAt: 0, lastPushAt: 0 };
  const results = [];
  const MIN_SETTLE_MS = 300;
  const DELIVERY_TIMEOUT_MS = 5000;

  countDeliveryAcks(delivery);
  if (delivery.event) {
    for (const name of (params.get('pushEvents') ?? '').split(',').filter(Boolean)) {
      document.addEventListener(name, () => {
        delivery.lastPushAt = performance.now();
      });
    }
  }

  const NAMES = ['Ana Ruiz', 'Ben Okafor', 'Chen Wei', 'Dana Levi', 'Emil Berg', 'Fatima Noor'];
  const SUBJECTS = [
    'Cannot export the monthly report',
    'Login loops back to the start page',
    'Invoice shows the wrong currency',
    'Search misses tickets from last week',
    'Attachment upload stops at 99%',
    'Dark mode resets after every reload',
    'Webhook retries flood our endpoint',
  ];
  const STATUSES = ['open', 'pending', 'closed'];
  let nextId = 1;

  /** One ticket row: 8 elements, 6 text nodes, a few attributes each. */
  function ticket(id) {
    const name = NAMES[id % NAMES.length];
    const status = STATUSES[id % STATUSES.length];
    const li = document.createElement('li');
    li.className = 'item';
    li.dataset.id = String(id);
    const avatar = document.createElement('div');
    avatar.className = 'avatar';
    avatar.style.background = `hsl(${(id * 47) % 360} 55% 45%)`;
    avatar.textContent = name
      .split(' ')
      .map((part) => part[0])
      .join('');
    const body = document.createElement('div');
    body.className = 'body';
    const title = document.createElement('a');
    title.className = 'title';
    title.href = `#ticket-${id}`;
    title.textContent = `#${id} ${SUBJECTS[id % SUBJECTS.length]}`;
    const meta = document.createElement('p');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.textContent = name;
    const when = document.createElement('time');
    when.dateTime = `2026-11-${String(1 + (id % 28)).padStart(2, '0')}T09:00`;
    when.textContent = `${1 + (id % 59)} min ago`;
    meta.append(who, ' · ', when);
    body.append(title, meta);
    const badge = document.createElement('span');
    badge.className = `badge status-${status}`;
    badge.textContent = status;
    li.append(avatar, body, badge);
    return li;
  }

  const list = () => document.getElementById('list');

  function onClick(event) {
    const start = performance.now();
    const count = Number(event.currentTarget.dataset.count);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < count; i += 1) fragment.append(ticket(nextId++));
    list().append(fragment);
    document.getElementById('count').textContent = `${list().childElementCount} tickets`;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const end = performance.now();
        results.push({
          count,
          // From the handler's first line until the frame with the new items has been painted.
          handlerMs: end - start,
          // The same from the input event's time: also the input delay (the recorder's own
          // mousedown / mouseup / click work before this handler runs).
          eventMs: end - event.timeStamp,
        });
      };
      channel.port2.postMessage(null);
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const button of document.querySelectorAll('button[data-count]'))
      button.addEventListener('click', onClick);
  });

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const untilQuiet = () =>
    new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  window.__list = {
    /** After load, and in the extension arm once the full snapshot is stored. */
    async ready() {
      if (document.readyState !== 'complete') {
        await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
      }
      await this.settle();
      return { acks: delivery.acks, userAgent: navigator.userAgent };
    },

    /** Where a button is, for a real (trusted) click from the runner. */
    center(count) {
      const rect = document.querySelector(`button[data-count="${count}"]`).getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    },

    /** Untimed: empties the list, then waits for the frame showing it empty. */
    async clear() {
      list().replaceChildren();
      document.getElementById('count').textContent = '0 tickets';
      await untilQuiet();
      return results.length;
    },

    /** The result of the insert after `seen` results: waits for it (the click came from outside). */
    async result(seen) {
      const started = performance.now();
      while (results.length <= seen) {
        if (performance.now() - started > 10_000) throw new Error('The click never landed.');
        await sleep(5);
      }
      return { ...results[seen], items: list().childElementCount };
    },

    /**
     * Quiet (a frame and a task), at least MIN_SETTLE_MS, and in the extension arm until the
     * service worker has acked a batch after the recorder's last event and no ack came for 200 ms:
     * nothing of this insert is left to be sent during the next one.
     */
    async settle({ silenceMs = 200 } = {}) {
      const start = performance.now();
      await untilQuiet();
      let timedOut = false;
      if (delivery.event) {
        while (delivery.lastAckAt <= delivery.lastPushAt && !timedOut) {
          await sleep(20);
          timedOut = performance.now() - start > DELIVERY_TIMEOUT_MS;
        }
        while (performance.now() - delivery.lastAckAt < silenceMs) await sleep(20);
      }
      const rest = MIN_SETTLE_MS - (performance.now() - start);
      if (rest > 0) await sleep(rest);
      return { timedOut, acks: delivery.acks };
    },
  };
})();
