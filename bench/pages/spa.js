/* global window, document, location, history, setInterval, URLSearchParams, countDeliveryAcks */
// D1's single-page app (bench/pages/spa.html): a support desk with five views, client-side routing
// through the History API, a dashboard clock that ticks every second (the passive mutations real
// apps make), tables and a form. Data comes from a fixed seed.
(() => {
  const params = new URLSearchParams(location.search);
  const delivery = { event: params.get('deliveryEvent'), acks: 0, lastAckAt: 0 };
  countDeliveryAcks(delivery);
  const NAMES = ['Ana Ruiz', 'Ben Okafor', 'Chen Wei', 'Dana Levi', 'Emil Berg', 'Fatima Noor'];
  const SUBJECTS = [
    'Cannot export the monthly report',
    'Login loops back to the start page',
    'Invoice shows the wrong currency',
    'Search misses tickets from last week',
    'Attachment upload stops at 99%',
  ];
  const tickets = Array.from({ length: 50 }, (_, i) => ({
    id: 4000 + i,
    subject: SUBJECTS[i % SUBJECTS.length],
    customer: NAMES[(i * 7) % NAMES.length],
    status: ['open', 'pending', 'closed'][i % 3],
  }));
  let updatedAt = Date.now();
  let query = '';

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  };
  const table = (headers, rows) =>
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
    );

  const VIEWS = {
    dashboard: () => [
      el('h1', {}, 'Dashboard'),
      el('p', { id: 'updated' }, 'Updated just now'),
      el(
        'div',
        { className: 'cards' },
        ...['Open', 'Pending', 'Closed today', 'Avg. reply'].map((label, i) =>
          el('div', { className: 'card' }, el('strong', {}, String(12 + i * 7)), ` ${label}`),
        ),
      ),
      el('h2', {}, 'Recent'),
      table(
        ['#', 'Subject', 'Customer'],
        tickets.slice(0, 10).map((t) => [String(t.id), t.subject, t.customer]),
      ),
    ],
    tickets: () => {
      const input = el('input', {
        type: 'search',
        placeholder: 'Filter tickets',
        value: query,
      });
      input.setAttribute('aria-label', 'Filter tickets');
      const holder = el('div');
      const draw = () =>
        holder.replaceChildren(
          table(
            ['#', 'Subject', 'Customer', 'Status'],
            tickets
              .filter((t) => t.subject.toLowerCase().includes(query.toLowerCase()))
              .map((t) => [String(t.id), t.subject, t.customer, t.status]),
          ),
        );
      input.addEventListener('input', () => {
        query = input.value;
        draw();
      });
      draw();
      return [el('h1', {}, 'Tickets'), input, holder];
    },
    customers: () => [
      el('h1', {}, 'Customers'),
      table(
        ['Name', 'Tickets', 'Since'],
        NAMES.flatMap((n, i) =>
          Array.from({ length: 6 }, (_, k) => [`${n} ${k + 1}`, String(i + k), `20${18 + k}`]),
        ),
      ),
    ],
    new: () => {
      const form = el(
        'form',
        {},
        el('label', {}, 'Subject', el('input', { name: 'subject', required: true })),
        el('label', {}, 'Description', el('textarea', { name: 'description', rows: 4 })),
        el(
          'label',
          {},
          'Priority',
          el(
            'select',
            { name: 'priority' },
            ...['Low', 'Normal', 'High'].map((p) => el('option', {}, p)),
          ),
        ),
        el('button', { type: 'submit' }, 'Create ticket'),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        tickets.unshift({
          id: 5000 + tickets.length,
          subject: form.elements.subject.value,
          customer: 'You',
          status: 'open',
        });
        navigate('tickets');
      });
      return [el('h1', {}, 'New ticket'), form];
    },
    settings: () => [
      el('h1', {}, 'Settings'),
      ...['Email me on new tickets', 'Show closed tickets', 'Compact tables'].map((label) =>
        el('label', {}, el('input', { type: 'checkbox' }), ` ${label}`),
      ),
    ],
  };

  function show(route) {
    const view = document.getElementById('view');
    view.replaceChildren(...(VIEWS[route] ?? VIEWS.dashboard)());
    document.title = `${route[0].toUpperCase()}${route.slice(1)} · Support desk`;
    for (const a of document.querySelectorAll('nav a'))
      a.toggleAttribute('aria-current', a.dataset.route === route);
    for (const a of document.querySelectorAll('nav a[aria-current]'))
      a.setAttribute('aria-current', 'page');
    updatedAt = Date.now();
  }
  function navigate(route) {
    history.pushState({ route }, '', `/spa/${route}${location.search}`);
    show(route);
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const a of document.querySelectorAll('nav a')) {
      a.addEventListener('click', (event) => {
        event.preventDefault();
        navigate(a.dataset.route);
      });
    }
    window.addEventListener('popstate', () => show(history.state?.route ?? 'dashboard'));
    show('dashboard');
    setInterval(() => {
      const updated = document.getElementById('updated');
      if (updated)
        updated.textContent = `Updated ${Math.round((Date.now() - updatedAt) / 1000)} s ago`;
    }, 1000);
  });
  window.__bench = { acks: () => delivery.acks };
})();
