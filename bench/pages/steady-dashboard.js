/* global clearInterval, document, setInterval, window */
// A page that changes at a realistic, steady rate: a ticking clock, a progress bar, six tickers,
// an activity feed and a sortable table, like a monitoring dashboard left open. Seeded, so every
// run produces the same page.
(() => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };

  const people = ['Ada', 'Brian', 'Chen', 'Dana', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun'];
  const verbs = ['deployed', 'rolled back', 'restarted', 'scaled', 'acknowledged', 'commented on'];
  const services = ['billing', 'search', 'checkout', 'auth', 'images', 'mail', 'reports', 'queue'];
  const regions = ['eu-west', 'us-east', 'ap-south', 'sa-east'];

  const clock = document.getElementById('clock');
  const progress = document.getElementById('progress');
  const tickers = document.getElementById('tickers');
  const tbody = document.getElementById('services');
  const feed = document.getElementById('feed');
  const details = document.getElementById('details');
  const search = document.getElementById('search');
  const filler = document.getElementById('filler');

  for (let i = 0; i < 30; i++) {
    const p = el('p');
    p.textContent = `Runbook ${i + 1}: when ${pick(services)} in ${pick(regions)} reports more than ${Math.floor(random() * 90 + 10)} errors a minute, page the owner and check the last deploy.`;
    filler.append(p);
  }

  const prices = [];
  for (let i = 0; i < 6; i++) {
    const span = el('span', '', '');
    span.style.marginRight = '12px';
    tickers.append(span);
    prices.push({ span, name: pick(services).toUpperCase(), value: 100 + random() * 50 });
  }

  const rows = [];
  for (let i = 0; i < 30; i++) {
    const tr = el('tr');
    const row = {
      tr,
      service: `${pick(services)}-${i}`,
      latency: Math.floor(random() * 300),
      errors: Math.floor(random() * 20),
    };
    tr.append(
      el('td', row.service),
      el('td', pick(regions)),
      el('td', `${row.latency} ms`),
      el('td', String(row.errors)),
      el('td', pick(people)),
    );
    rows.push(row);
    tbody.append(tr);
  }

  const timers = [];
  const every = (ms, fn) => timers.push(setInterval(fn, ms));
  /** The runner stops the page before it waits for the last delivery. */
  window.__dashboard = { stop: () => timers.forEach(clearInterval) };

  const twoDigits = (n) => String(n).padStart(2, '0');
  let seconds = 0;
  every(1000, () => {
    seconds += 1;
    clock.textContent = `12:${twoDigits(Math.floor(seconds / 60) % 60)}:${twoDigits(seconds % 60)}`;
  });

  let percent = 0;
  every(200, () => {
    percent = (percent + 3) % 100;
    progress.style.width = `${percent}%`;
  });

  every(500, () => {
    for (const price of prices) {
      const delta = (random() - 0.5) * 2;
      price.value += delta;
      price.span.textContent = `${price.name} ${price.value.toFixed(2)}`;
      price.span.className = delta >= 0 ? 'up' : 'down';
    }
  });

  let feedCount = 0;
  every(1500, () => {
    feedCount += 1;
    const li = el('li');
    li.append(
      el('strong', pick(people)),
      document.createTextNode(` ${pick(verbs)} `),
      el('code', `${pick(services)}#${Math.floor(random() * 9000 + 1000)}`),
      el('small', ` · ${feedCount}s ago`),
    );
    feed.prepend(li);
    if (feed.children.length > 40) feed.lastElementChild.remove();
  });

  let ascending = true;
  every(5000, () => {
    for (const row of rows) {
      row.latency = Math.max(1, row.latency + Math.floor((random() - 0.5) * 40));
      row.tr.children[2].textContent = `${row.latency} ms`;
    }
    ascending = !ascending;
    const sorted = [...rows].sort((a, b) =>
      ascending ? a.latency - b.latency : b.latency - a.latency,
    );
    for (const row of sorted) tbody.append(row.tr);
  });

  document.getElementById('toggle').addEventListener('click', () => {
    if (!details.hidden) {
      details.hidden = true;
      details.replaceChildren();
      return;
    }
    const list = el('ol');
    for (let i = 0; i < 20; i++) {
      list.append(el('li', `${pick(services)}: ${pick(verbs)} by ${pick(people)}`));
    }
    details.append(el('h3', 'Recent changes'), list);
    details.hidden = false;
  });

  search.addEventListener('input', () => {
    const query = search.value.toLowerCase();
    for (const row of rows) row.tr.hidden = query !== '' && !row.service.includes(query);
  });
})();
