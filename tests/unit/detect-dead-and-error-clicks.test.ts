import { describe, expect, it } from 'vitest';
import { collectSignals } from '../../shared/analysis/collect-signals';
import { detectDeadClicks } from '../../shared/analysis/detect-dead-clicks';
import { detectErrorClicks } from '../../shared/analysis/detect-error-clicks';
import { detectFailedRequestClicks } from '../../shared/analysis/detect-failed-request-clicks';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  button,
  click,
  consoleError,
  consoleWarn,
  failedRequest,
  link,
  fullSnapshot,
  mutation,
  noReplay,
  pageView,
  paragraph,
  request,
  textbox,
  uncaughtError,
} from '../fixtures/signal-events';

const text = paragraph('Terms');
const newTabLink = link('Docs', { opensElsewhere: true });

const deadOf = (events: TimedEvent[]) => detectDeadClicks(collectSignals(events));

describe('detectDeadClicks', () => {
  it('a click on a button followed by nothing for 2.5 s is dead', () => {
    expect(deadOf([click(0), mutation(20_000)]).dead.map((c) => c.timestamp)).toEqual([0]);
  });

  it('is not dead when the DOM changes, a page view or a request follows within 2.5 s', () => {
    expect(deadOf([click(0), mutation(300)]).dead).toEqual([]);
    expect(deadOf([click(0), pageView(2500, '/b', { kind: 'route' })]).dead).toEqual([]);
    expect(deadOf([click(0), request(100, { durationMs: 2500 })]).dead).toEqual([]); // started at 100, answered late
  });

  it('a click into a field, a checkbox or a select is never dead: the control answers it itself', () => {
    const controls = [
      textbox('Email address'),
      { role: 'checkbox', name: 'Remember me', selector: '#remember' },
      { role: 'combobox', name: 'Country', selector: '#country' },
      { role: 'radio', name: 'Express', selector: '#express' },
    ];
    expect(deadOf([...controls.map((c, i) => click(i * 10, c)), mutation(20_000)]).dead).toEqual(
      [],
    );
  });

  it('a click on a menu item or a tab that does nothing is dead', () => {
    const menu = { role: 'menuitem', name: 'Export', selector: '#export' };
    const tab = { role: 'tab', name: 'Billing', selector: '#billing' };
    expect(deadOf([click(0, menu), click(100, tab), mutation(20_000)]).dead.length).toBe(2);
  });

  it('no click is dead in a page view rrweb could not record: its DOM changes are unknown', () => {
    // The no-replay mark comes seconds late, stamped at its page view's start, after the clicks.
    const blind = [pageView(0, '/a'), click(1000), click(5000), noReplay(0)];
    expect(deadOf([...blind, mutation(60_000)]).dead).toEqual([]);
    // The next page load is recorded again: a quiet click there is dead.
    const next = [pageView(30_000, '/b'), fullSnapshot(30_100), click(31_000), mutation(60_000)];
    expect(deadOf([...blind, ...next]).dead.map((c) => c.timestamp)).toEqual([31_000]);
    // A page view with a snapshot after all (rrweb came later): its clicks from then on are judged.
    const late = [...blind, fullSnapshot(6000), click(7000), mutation(60_000)];
    expect(deadOf(late).dead.map((c) => c.timestamp)).toEqual([7000]);
  });

  it('a click before its page view’s first snapshot is not judged: no DOM record could answer it', () => {
    // rrweb starts in an idle period after the first paint; a click before that is kept by the
    // action watcher, but what it changed in the DOM is not recorded.
    const events = [
      pageView(0, '/a'),
      click(300),
      fullSnapshot(800),
      click(1000),
      mutation(60_000),
    ];
    expect(deadOf(events).dead.map((c) => c.timestamp)).toEqual([1000]);
    // The next load's clicks wait for its own snapshot.
    const next = [pageView(20_000, '/b'), click(20_100), fullSnapshot(20_500), click(21_000)];
    expect(deadOf([...events, ...next]).dead.map((c) => c.timestamp)).toEqual([1000, 21_000]);
  });

  it('a slow but eventual reaction is slow, not dead', () => {
    const verdict = deadOf([click(0), mutation(4000)]);
    expect(verdict.dead).toEqual([]);
    expect(verdict.slow.map((c) => c.reactedAfterMs)).toEqual([4000]);
  });

  it('a late reaction after a click on another command answers that one: the first is dead', () => {
    const coupon = button('Apply coupon');
    const reviews = button('Load reviews');
    const verdict = deadOf([click(0, coupon), click(3000, reviews), mutation(3100)]);
    expect(verdict.dead.map((c) => c.target?.name)).toEqual(['Apply coupon']);
    expect(verdict.slow).toEqual([]);
  });

  it('a late reaction after clicks again on the same button, or on content, stays slow', () => {
    const again = deadOf([click(0), click(1000), click(2000), mutation(4000)]);
    expect(again.dead).toEqual([]);
    expect(again.slow.map((c) => c.timestamp)).toEqual([0, 1000]); // 2000 answered within 2.5 s
    const onText = deadOf([click(0), click(3000, text), mutation(4000)]);
    expect(onText.slow.map((c) => c.reactedAfterMs)).toEqual([4000]);
  });

  it('a click on plain text is never dead', () => {
    expect(deadOf([click(0, text)]).dead).toEqual([]);
  });

  it('a link that opens a new tab or downloads is not dead', () => {
    expect(deadOf([click(0, newTabLink)]).dead).toEqual([]);
  });

  it('a reaction before the click does not save it', () => {
    expect(deadOf([mutation(0), click(100)]).dead.map((c) => c.timestamp)).toEqual([100]);
  });
});

describe('detectErrorClicks', () => {
  it('pairs a click with an uncaught error or console error within 1 s', () => {
    const signals = collectSignals([click(0), uncaughtError(400), click(5000), consoleError(5900)]);
    expect(detectErrorClicks(signals).map((e) => [e.click.timestamp, e.error.timestamp])).toEqual([
      [0, 400],
      [5000, 5900],
    ]);
  });

  it('ignores errors after 1 s, errors before the click, and console warnings', () => {
    const signals = collectSignals([
      uncaughtError(0),
      click(100),
      consoleWarn(200),
      uncaughtError(1200),
    ]);
    expect(detectErrorClicks(signals)).toEqual([]);
  });
});

describe('detectFailedRequestClicks', () => {
  it('ties a failing request started within 1 s to the latest click before it', () => {
    const signals = collectSignals([
      click(0),
      click(5000),
      failedRequest(5300, 'http', { durationMs: 600 }),
      failedRequest(5800, 'network', { durationMs: 3200 }),
    ]);
    expect(
      detectFailedRequestClicks(signals).map((f) => [f.click.timestamp, f.request.startedAt]),
    ).toEqual([
      [5000, 5300],
      [5000, 5800],
    ]);
  });

  it('ignores successful requests, aborts, and requests started more than 1 s after the click', () => {
    const signals = collectSignals([
      click(0),
      request(300),
      failedRequest(400, 'abort'),
      failedRequest(2000, 'http', { durationMs: 500 }),
    ]);
    expect(detectFailedRequestClicks(signals)).toEqual([]);
  });
});
