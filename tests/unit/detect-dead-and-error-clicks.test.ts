import { EventType, IncrementalSource } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { collectSignals } from '../../shared/analysis/collect-signals';
import { detectDeadClicks } from '../../shared/analysis/detect-dead-clicks';
import { detectErrorClicks } from '../../shared/analysis/detect-error-clicks';
import { detectFailedRequestClicks } from '../../shared/analysis/detect-failed-request-clicks';
import { makeCustomEvent, TABREEL_TAG, type TimedEvent } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG, type ActionTarget } from '../../shared/signals/signal-events';

const button: ActionTarget = { role: 'button', name: 'Pay now', selector: '#pay' };
const text: ActionTarget = { role: 'p', name: 'Terms', selector: 'p' };
const newTabLink: ActionTarget = {
  role: 'link',
  name: 'Docs',
  selector: 'a',
  opensElsewhere: true,
};

const click = (ms: number, target: ActionTarget = button): TimedEvent =>
  makeCustomEvent(SIGNAL_TAG.action, { kind: 'click', target, x: 10, y: 10 }, ms);
const mutation = (ms: number): TimedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: ms,
  data: { source: IncrementalSource.Mutation, texts: [], attributes: [], removes: [], adds: [] },
});
const request = (ms: number, startedAt = ms): TimedEvent =>
  makeCustomEvent(
    SIGNAL_TAG.request,
    {
      url: 'https://x/api',
      method: 'POST',
      initiatorType: 'fetch',
      status: 200,
      startedAt,
      durationMs: 5,
      transferSize: 0,
      failure: null,
      error: null,
    },
    ms,
  );
const pageView = (ms: number): TimedEvent =>
  makeCustomEvent(
    TABREEL_TAG.page,
    { kind: 'route', url: 'https://x/b', title: 'B', referrer: '' },
    ms,
  );
const error = (ms: number): TimedEvent =>
  makeCustomEvent(
    SIGNAL_TAG.error,
    { kind: 'error', message: 'TypeError: boom', stack: '', source: '', line: 0, column: 0 },
    ms,
  );
const consoleError = (ms: number): TimedEvent =>
  makeCustomEvent(SIGNAL_TAG.console, { level: 'error', message: 'failed', stack: '' }, ms);
const consoleWarn = (ms: number): TimedEvent =>
  makeCustomEvent(SIGNAL_TAG.console, { level: 'warn', message: 'careful', stack: '' }, ms);

const deadOf = (events: TimedEvent[]) => detectDeadClicks(collectSignals(events));

describe('detectDeadClicks', () => {
  it('a click on a button followed by nothing for 2.5 s is dead', () => {
    expect(deadOf([click(0), mutation(20_000)]).dead.map((c) => c.timestamp)).toEqual([0]);
  });

  it('is not dead when the DOM changes, a page view or a request follows within 2.5 s', () => {
    expect(deadOf([click(0), mutation(300)]).dead).toEqual([]);
    expect(deadOf([click(0), pageView(2500)]).dead).toEqual([]);
    expect(deadOf([click(0), request(2600, 100)]).dead).toEqual([]); // started at 100, answered late
  });

  it('a slow but eventual reaction is slow, not dead', () => {
    const verdict = deadOf([click(0), mutation(4000)]);
    expect(verdict.dead).toEqual([]);
    expect(verdict.slow.map((c) => c.reactedAfterMs)).toEqual([4000]);
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
    const signals = collectSignals([click(0), error(400), click(5000), consoleError(5900)]);
    expect(detectErrorClicks(signals).map((e) => [e.click.timestamp, e.error.timestamp])).toEqual([
      [0, 400],
      [5000, 5900],
    ]);
  });

  it('ignores errors after 1 s, errors before the click, and console warnings', () => {
    const signals = collectSignals([error(0), click(100), consoleWarn(200), error(1200)]);
    expect(detectErrorClicks(signals)).toEqual([]);
  });
});

describe('detectFailedRequestClicks', () => {
  const failed = (ms: number, failure: 'http' | 'network' | 'abort', startedAt = ms): TimedEvent =>
    makeCustomEvent(
      SIGNAL_TAG.request,
      {
        url: 'https://x/api',
        method: 'POST',
        initiatorType: 'fetch',
        status: failure === 'http' ? 500 : 0,
        startedAt,
        durationMs: 5,
        transferSize: 0,
        failure,
        error: null,
      },
      ms,
    );

  it('ties a failing request started within 1 s to the latest click before it', () => {
    const signals = collectSignals([
      click(0),
      click(5000),
      failed(5900, 'http', 5300),
      failed(9000, 'network', 5800),
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
      failed(400, 'abort'),
      failed(2500, 'http', 2000),
    ]);
    expect(detectFailedRequestClicks(signals)).toEqual([]);
  });
});
