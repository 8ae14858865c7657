/* global window, document, location, navigator, performance, requestAnimationFrame, setTimeout, MessageChannel, URLSearchParams, PerformanceObserver, countDeliveryAcks */
// R2's and D1's data grid (bench/pages/grid.html): 10,000 orders in a virtualized grid, the way
// production grids (AG Grid, MUI DataGrid) render: only the rows in view plus an overscan are in the
// DOM, and sorting, filtering and scrolling replace them. Data is generated from a fixed seed, so
// every arm and round sees the same rows.
(() => {
  const params = new URLSearchParams(location.search);
  const delivery = { event: params.get('deliveryEvent'), acks: 0, lastAckAt: 0 };
  countDeliveryAcks(delivery);

  // Long tasks from the page's start: total blocking time is summed from them (buffered).
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing: TBT reads 0 and the bench says so.
  }

  const ROWS = 10_000;
  const ROW_HEIGHT = 32;
  const OVERSCAN = 20;
  const COLUMNS = [
    { key: 'id', label: 'Order', num: true },
    { key: 'customer', label: 'Customer' },
    { key: 'city', label: 'City' },
    { key: 'date', label: 'Date' },
    { key: 'amount', label: 'Amount', num: true },
    { key: 'items', label: 'Items', num: true },
    { key: 'product', label: 'Product' },
    { key: 'status', label: 'Status' },
  ];
  const FIRST = ['Ana', 'Ben', 'Chen', 'Dana', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jun'];
  const LAST = ['Ruiz', 'Okafor', 'Wei', 'Levi', 'Berg', 'Noor', 'Novak', 'Sato', 'Petrov', 'Kim'];
  const CITIES = ['Lisbon', 'Lagos', 'Osaka', 'Haifa', 'Bergen', 'Dubai', 'Zagreb', 'Kyoto'];
  const PRODUCTS = ['Desk lamp', 'Standing desk', 'Monitor arm', 'Keyboard', 'Headset', 'Webcam'];
  const STATUSES = ['paid', 'pending', 'refunded'];

  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const data = Array.from({ length: ROWS }, (_, i) => ({
    id: 100_000 + i,
    customer: `${pick(FIRST)} ${pick(LAST)}`,
    city: pick(CITIES),
    date: `2026-${String(1 + Math.floor(random() * 11)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    amount: Math.round(random() * 200_000) / 100,
    items: 1 + Math.floor(random() * 9),
    product: pick(PRODUCTS),
    status: pick(STATUSES),
  }));

  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  let view = data;
  let sort = null; // { key, dir }
  let query = '';
  let rendered = { from: -1, to: -1, view: null };

  const $ = (id) => document.getElementById(id);

  function applyView() {
    const q = query.trim().toLowerCase();
    view = q
      ? data.filter(
          (r) =>
            r.customer.toLowerCase().includes(q) ||
            r.city.toLowerCase().includes(q) ||
            r.product.toLowerCase().includes(q),
        )
      : data.slice();
    if (sort) {
      const { key, dir } = sort;
      // Text sorts by the locale's collation, as grids do (AG Grid, MUI): the sort is the page's
      // own long task, so its blocking time is not zero without a recorder.
      view.sort((a, b) => {
        const x = a[key];
        const y = b[key];
        const order = typeof x === 'string' ? collator.compare(x, y) : x - y;
        return order * dir || a.id - b.id;
      });
    }
    $('spacer').style.height = `${view.length * ROW_HEIGHT}px`;
    $('summary').textContent =
      `${view.length.toLocaleString('en')} of ${ROWS.toLocaleString('en')} orders`;
    rendered = { from: -1, to: -1, view: null };
    renderRows();
  }

  function rowElement(r) {
    const row = document.createElement('div');
    row.className = 'row';
    row.setAttribute('role', 'row');
    for (const c of COLUMNS) {
      const cell = document.createElement('span');
      cell.setAttribute('role', 'gridcell');
      if (c.num) cell.className = 'num';
      if (c.key === 'status') cell.className = `status s-${r.status}`;
      cell.textContent = c.key === 'amount' ? `€${r.amount.toFixed(2)}` : String(r[c.key]);
      row.append(cell);
    }
    return row;
  }

  function renderRows() {
    const viewport = $('viewport');
    const from = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const to = Math.min(
      view.length,
      Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN,
    );
    if (from === rendered.from && to === rendered.to && rendered.view === view) return;
    const rows = $('rows');
    rows.style.top = `${from * ROW_HEIGHT}px`;
    // Rebuilt, not recycled: what React-style grids commit when the window moves by many rows.
    const fragment = document.createDocumentFragment();
    for (let i = from; i < to; i += 1) fragment.append(rowElement(view[i]));
    rows.replaceChildren(fragment);
    rendered = { from, to, view };
  }

  function header() {
    const head = document.querySelector('.head');
    for (const c of COLUMNS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = c.label;
      button.dataset.key = c.key;
      button.setAttribute('role', 'columnheader');
      button.addEventListener('click', () => {
        sort = sort?.key === c.key ? { key: c.key, dir: -sort.dir } : { key: c.key, dir: 1 };
        for (const b of head.querySelectorAll('button')) b.removeAttribute('aria-sort');
        button.setAttribute('aria-sort', sort.dir === 1 ? 'ascending' : 'descending');
        applyView();
      });
      head.append(button);
    }
  }

  /** Resolves after the next frame has been painted. */
  const painted = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      }),
    );

  document.addEventListener('DOMContentLoaded', () => {
    header();
    $('viewport').addEventListener('scroll', renderRows, { passive: true });
    $('filter').addEventListener('input', (event) => {
      query = event.target.value;
      applyView();
    });
    applyView();
  });

  window.__grid = {
    /** After the first paint; in the extension arm, after the first batch is stored. */
    ready: async () => {
      if (document.readyState === 'loading')
        await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve));
      await painted();
      if (delivery.event) {
        const until = performance.now() + 10_000;
        while (delivery.acks === 0 && performance.now() < until)
          await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { acks: delivery.acks, userAgent: navigator.userAgent };
    },
    painted,
    /** Where a column header is, for a real click. */
    headerCenter: (key) => {
      const r = document.querySelector(`.head button[data-key="${key}"]`).getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    },
    viewportCenter: () => {
      const r = $('viewport').getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    },
    summary: () => $('summary').textContent,
    scrollTop: () => $('viewport').scrollTop,
    /**
     * Waits until nothing is left to deliver: no new ack for `quietMs` (extension arm), then returns
     * the long tasks so far and the acks.
     */
    settle: async (quietMs = 600) => {
      await painted();
      const until = performance.now() + 10_000;
      let last = delivery.acks;
      let since = performance.now();
      while (performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (delivery.acks !== last) {
          last = delivery.acks;
          since = performance.now();
        } else if (performance.now() - since >= quietMs) break;
      }
      return { longTasks: longTasks.slice(), acks: delivery.acks, now: performance.now() };
    },
  };
})();
