import { EventType } from '@rrweb/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCustomEvent, TABREEL_TAG } from '../../shared/events/tabreel-events';
import { useRecordingBrowser } from './support/recording-browser';
import { seedSession, seededPageLoad } from './support/seed-session';
import { readStored, waitFor } from './support/stored-sessions';
import {
  openViewer,
  playUntil,
  readReplayedPage,
  replayFrame,
  replaySeconds,
} from './support/viewer-page';

const env = useRecordingBrowser();

/** Records shop.html: three items, then a payment that fails; returns the session id. */
async function recordShopSession(): Promise<string> {
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url('shop.html'));
  await page.waitForTimeout(300);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForTimeout(400);
  }
  // A person reads the basket before paying: the replay shows it a second before the click.
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pay now' }).click();
  await page.getByText('Payment failed (500)').waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '.tmp/screens/shop-original.png' });
  await page.goto(env.server.url('second.html'));
  await page.waitForTimeout(500);
  await page.close();
  const viewer = await env.browser.extensionPage();
  return waitFor(async () => {
    const stored = await readStored(viewer);
    const session = stored.sessions.find((s) => s.firstUrl.endsWith('shop.html'));
    return session?.endedAt ? session.id : undefined;
  }, 'the shop session to end');
}

describe('viewer: replaying a recorded session', () => {
  let id = '';
  beforeAll(async () => {
    id = await recordShopSession();
  });

  it('finds the session in the list, plays it, and the replay reaches the page’s final state', async () => {
    const viewer = await openViewer(env.browser);
    await viewer.locator(`a[href="#/session/${id}"]`).first().click();
    await viewer.getByRole('heading', { name: 'Shop basket' }).waitFor();
    // The pay click's failure is on screen once the replay has passed it; the basket, read in
    // the same moment (the replay plays on to the second page a tenth of a second later).
    const replayed = await playUntil(
      viewer,
      (doc) =>
        doc.querySelector('#status')?.textContent === 'Payment failed (500)'
          ? {
              items: [...doc.querySelectorAll('#items li')].map((li) => li.textContent),
              count: doc.querySelector('#count')?.textContent,
            }
          : undefined,
      '"Payment failed (500)" in #status',
    );
    expect(replayed).toEqual({ items: ['Item 1', 'Item 2', 'Item 3'], count: '3 items' });
    await viewer.screenshot({ path: '.tmp/screens/viewer-replay-end.png' });
    await viewer.close();
  });

  it('clicking a failed action shows the replay just before it, with the target outlined', async () => {
    const viewer = await openViewer(env.browser, `#/session/${id}`);
    await viewer.getByRole('tab', { name: /Failures/ }).click();
    const failure = viewer
      .getByRole('list', { name: 'Failed actions' })
      .getByRole('button', { name: /Failed request after click.*Pay now/ });
    await failure.waitFor().catch(async (e: unknown) => {
      await viewer.screenshot({ path: '.tmp/screens/debug-failure.png' });
      throw e;
    });
    await failure.click();
    // One second before the pay click: all three items, not paid yet, and Pay now outlined.
    await waitFor(
      async () =>
        (await readReplayedPage(viewer, (doc) => doc.querySelector('#count')?.textContent)) ===
        '3 items'
          ? true
          : undefined,
      'the replay at the failure',
    );
    expect(await readReplayedPage(viewer, (doc) => doc.querySelector('#status')?.textContent)).toBe(
      'Not paid',
    );
    const frame = await replayFrame(viewer);
    await frame.locator('.tabreel-highlight').waitFor();
    expect(await viewer.getByRole('button', { name: 'Play' }).isVisible()).toBe(true);
    await viewer.screenshot({ path: '.tmp/screens/viewer-failure.png' });
    await viewer.close();
  });

  it('clicking a page in the flow lands there; a deep link opens at its moment', async () => {
    const viewer = await openViewer(env.browser, `#/session/${id}`);
    await viewer.getByRole('tab', { name: /Flow/ }).click();
    const second = viewer
      .getByRole('list', { name: 'Pages in order' })
      .getByRole('button', { name: /Second page/ });
    await second.click();
    await waitFor(
      async () =>
        (await viewer.getByTestId('replay-address').textContent())?.endsWith('/second.html')
          ? true
          : undefined,
      'the address bar to show the second page',
    );
    expect(await readReplayedPage(viewer, (doc) => doc.title)).toBe('Second page');
    await viewer.screenshot({ path: '.tmp/screens/viewer-flow.png' });
    await viewer.close();

    const linked = await openViewer(env.browser, `#/session/${id}?t=2`);
    await waitFor(
      async () => ((await replaySeconds(linked)) === 2 ? true : undefined),
      'the deep link to open at 0:02',
    );
    await linked.close();
  });
});

describe('viewer: untrusted recordings', () => {
  it('replays a page full of scripts, handlers, javascript: URLs and a meta refresh without running any', async () => {
    const viewer = await env.browser.extensionPage();
    const hit = (name: string) => env.server.url(`hit/${name}`);
    const t0 = Date.now() - 60_000;
    const el = (
      id: number,
      tagName: string,
      attributes: Record<string, string>,
      childNodes: unknown[] = [],
    ) => ({
      type: 2,
      id,
      tagName,
      attributes,
      childNodes,
    });
    const text = (id: number, textContent: string) => ({ type: 3, id, textContent });
    const snapshot = {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
        el(3, 'html', {}, [
          el(4, 'head', {}, [
            el(5, 'meta', { 'http-equiv': 'refresh', content: `1;url=${hit('refresh')}` }),
            el(6, 'script', {}, [text(7, `fetch('${hit('script')}')`)]),
            el(8, 'script', { src: hit('script-src.js') }),
          ]),
          el(9, 'body', { onload: `fetch('${hit('body-onload')}')` }, [
            el(10, 'h1', {}, [text(11, 'Hostile page')]),
            el(12, 'img', { src: '/missing.png', onerror: `fetch('${hit('onerror')}')` }),
            el(13, 'a', { id: 'js-link', href: `javascript:fetch('${hit('href')}')` }, [
              text(14, 'Click me'),
            ]),
            el(15, 'iframe', { src: `javascript:fetch('${hit('iframe')}')` }),
            el(16, 'form', { action: `javascript:fetch('${hit('form')}')` }, [
              el(17, 'button', { formaction: `java\tscript:fetch('${hit('formaction')}')` }, [
                text(18, 'Go'),
              ]),
            ]),
            el(19, 'object', { data: hit('object') }),
            el(20, 'svg', {}, [el(21, 'a', { 'xlink:href': `javascript:fetch('${hit('svg')}')` })]),
          ]),
        ]),
      ],
    };
    const events = [
      {
        type: EventType.Meta,
        timestamp: t0,
        data: { href: env.server.url('hostile.html'), width: 1000, height: 700 },
      },
      makeCustomEvent(
        TABREEL_TAG.page,
        { kind: 'load', url: env.server.url('hostile.html'), title: 'Hostile', referrer: '' },
        t0,
      ),
      {
        type: EventType.FullSnapshot,
        timestamp: t0 + 5,
        data: { node: snapshot, initialOffset: { left: 0, top: 0 } },
      },
      // A mutation later adds another handler and a script, the way a live page would.
      {
        type: EventType.IncrementalSnapshot,
        timestamp: t0 + 500,
        data: {
          source: 0,
          texts: [],
          removes: [],
          attributes: [{ id: 10, attributes: { onclick: `fetch('${hit('mutation-attr')}')` } }],
          adds: [
            {
              parentId: 9,
              nextId: null,
              node: el(30, 'script', {}, [text(31, `fetch('${hit('mutation-script')}')`)]),
            },
          ],
        },
      },
      {
        type: EventType.IncrementalSnapshot,
        timestamp: t0 + 3000,
        data: { source: 2, type: 2, id: 13, x: 10, y: 10 },
      },
    ];
    await seedSession(
      viewer,
      { id: 'hostile', startedAt: t0, title: 'Hostile', firstUrl: env.server.url('hostile.html') },
      [{ events }],
    );
    const before = env.server.requested.filter((p) => p.startsWith('/hit/')).length;

    const page = await openViewer(env.browser, '#/session/hostile');
    await page.getByRole('button', { name: 'Play' }).click();
    await waitFor(
      async () =>
        (await readReplayedPage(page, (doc) => doc.querySelector('h1')?.textContent)) ===
        'Hostile page'
          ? true
          : undefined,
      'the hostile page to replay',
    );
    await page.waitForTimeout(3500); // past the meta refresh's second and the replayed click
    const dom = await readReplayedPage(page, (doc) => ({
      scripts: doc.querySelectorAll('script').length,
      handlers: [...doc.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
      ),
      jsUrls: [...doc.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes]
          .filter((a) => /script:/i.test(a.value.replace(/\s/g, '')))
          .map((a) => a.name),
      ),
      refresh: doc.querySelectorAll('meta[http-equiv]').length,
      objects: doc.querySelectorAll('object, embed').length,
    }));
    expect(dom).toEqual({ scripts: 0, handlers: [], jsUrls: [], refresh: 0, objects: 0 });
    const hits = env.server.requested.filter((p) => p.startsWith('/hit/')).slice(before);
    expect(hits).toEqual([]);
    await page.screenshot({ path: '.tmp/screens/viewer-hostile.png' });
    await page.close();
  });
});

describe('viewer: a canvas in a replay that runs no script', () => {
  it('keeps the canvas its size, so the page around it stays where it was', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 60_000;
    const canvas = (id: number, attributes: Record<string, string>) => ({
      type: 2,
      id,
      tagName: 'canvas',
      attributes,
      childNodes: [{ type: 3, id: id + 1, textContent: 'fallback text' }],
    });
    const events = seededPageLoad(t0, {
      type: 2,
      id: 3,
      tagName: 'body',
      attributes: { style: 'margin: 0' },
      childNodes: [
        canvas(4, { id: 'chart', width: '300', height: '150' }),
        { type: 2, id: 6, tagName: 'p', attributes: { id: 'below' }, childNodes: [] },
        canvas(7, { id: 'plain' }),
        {
          type: 2,
          id: 9,
          tagName: 'div',
          attributes: { style: 'width: 200px' },
          childNodes: [
            canvas(10, { id: 'styled', width: '400', height: '100', style: 'width: 100%' }),
          ],
        },
      ],
    });
    await seedSession(viewer, { id: 'canvas', startedAt: t0, title: 'Canvas' }, [{ events }]);
    const page = await openViewer(env.browser, '#/session/canvas');
    const boxes = await waitFor(
      () =>
        readReplayedPage(page, (doc) => {
          const box = (id: string) => {
            const r = doc.getElementById(id)?.getBoundingClientRect();
            return r && { width: r.width, height: r.height, top: r.top };
          };
          return (
            box('below') && {
              chart: box('chart'),
              below: box('below'),
              plain: box('plain'),
              styled: box('styled'),
            }
          );
        }).catch(() => undefined),
      'the canvas page to replay',
    );
    // As the recorded page drew them: an empty inline box of no size before.
    expect(boxes.chart).toMatchObject({ width: 300, height: 150 });
    expect(boxes.below!.top).toBeGreaterThanOrEqual(150);
    expect(boxes.plain).toMatchObject({ width: 300, height: 150 });
    // The page's own rule wins; the height follows the canvas's proportions.
    expect(boxes.styled).toMatchObject({ width: 200, height: 50 });
    await page.screenshot({ path: '.tmp/screens/viewer-canvas.png' });
    await page.close();
  });
});

describe('viewer: designed states', () => {
  it('says what is missing: an unknown session, a session with no events, a corrupt chunk', async () => {
    const viewer = await env.browser.extensionPage();
    const t0 = Date.now() - 120_000;
    await seedSession(viewer, { id: 'empty', startedAt: t0, title: 'Empty' }, []);
    const good = [
      ...seededPageLoad(t0, {
        type: 2,
        id: 3,
        tagName: 'body',
        attributes: {},
        childNodes: [{ type: 3, id: 4, textContent: 'Still here' }],
      }),
    ];
    await seedSession(viewer, { id: 'corrupt', startedAt: t0, title: 'Partly corrupt' }, [
      { events: good },
      {
        events: [{ type: EventType.Custom, timestamp: t0 + 5000, data: { tag: 'x', payload: {} } }],
        corrupt: true,
      },
    ]);

    const unknown = await openViewer(env.browser, '#/session/no-such-session');
    await unknown.getByRole('heading', { name: 'This session does not exist' }).waitFor();
    await unknown.close();

    const empty = await openViewer(env.browser, '#/session/empty');
    await empty.getByText('This session holds no events yet.').waitFor();
    await empty.screenshot({ path: '.tmp/screens/viewer-empty-session.png' });
    await empty.close();

    const corrupt = await openViewer(env.browser, '#/session/corrupt');
    await corrupt
      .getByRole('alert')
      .filter({ hasText: '1 stored chunk of this session could not be read' })
      .waitFor();
    await waitFor(
      async () =>
        (await readReplayedPage(corrupt, (doc) => doc.body?.textContent)) === 'Still here'
          ? true
          : undefined,
      'the readable part to replay',
    );
    await corrupt.screenshot({ path: '.tmp/screens/viewer-corrupt.png' });
    await corrupt.close();

    // A chunk that inflates but is not JSON: the replay shows the rest all the same.
    await seedSession(viewer, { id: 'not-json', startedAt: t0, title: 'Half JSON' }, [
      { events: good },
      {
        events: [{ type: EventType.Custom, timestamp: t0 + 5000, data: { tag: 'x', payload: {} } }],
        invalidJson: true,
      },
    ]);
    const notJson = await openViewer(env.browser, '#/session/not-json');
    await notJson
      .getByRole('alert')
      .filter({ hasText: '1 stored chunk of this session could not be read' })
      .waitFor();
    await waitFor(
      async () =>
        (await readReplayedPage(notJson, (doc) => doc.body?.textContent)) === 'Still here'
          ? true
          : undefined,
      'the parsable part to replay',
    );
    await notJson.close();
  });
});
