import { describe, expect, it } from 'vitest';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  emptyTabState,
  type SessionRules,
  type TabState,
} from '../../shared/session/session-types';
import {
  closeTab,
  endSessionManually,
  expireIdleSession,
  sessionize,
} from '../../shared/session/sessionize';
import { sequentialIds } from '../fixtures/ids';
import { at, describeTimeline, duration, timeline, timelineFrom } from '../fixtures/timeline';

const RULES: SessionRules = {
  inactivityMs: duration('30m'),
  maxDurationMs: duration('24h'),
  splitOnCampaign: false,
};

/** Runs the sessionizer and reads its answer back as timelines: one string per session. */
function split(
  events: readonly TimedEvent[],
  rules: Partial<SessionRules> = {},
  state: TabState = emptyTabState(1),
  newId = sequentialIds(),
) {
  const result = sessionize(state, events, { ...RULES, ...rules }, newId);
  const bySession = new Map<string, TimedEvent[]>();
  for (const run of result.runs) {
    bySession.set(run.sessionId, [
      ...(bySession.get(run.sessionId) ?? []),
      ...events.slice(run.from, run.to),
    ]);
  }
  return {
    ...result,
    sessions: [...bySession.values()].map((e) => describeTimeline(e)),
    sessionIds: [...bySession.keys()],
    bySession,
    droppedText: describeTimeline(result.dropped.map((i) => events[i]!)),
  };
}

/** Which session each event went to, across one or more results: `s1: load@0s click@1m`. */
function eventsBySession(...results: Array<ReturnType<typeof split>>): string[] {
  const events = new Map<string, TimedEvent[]>();
  for (const result of results) {
    for (const [id, part] of result.bySession) events.set(id, [...(events.get(id) ?? []), ...part]);
  }
  return [...events].map(([id, list]) => `${id}: ${describeTimeline(list)}`);
}

describe('sessionize: the inactivity timeout', () => {
  it('keeps a session alive through a gap just under the timeout', () => {
    const { sessions, ended } = split(timeline`load@0s click@29m59s999ms`);
    expect(sessions).toEqual(['load@0s click@29m59s999ms']);
    expect(ended).toEqual([]);
  });

  it('counts a gap of exactly the timeout as expired', () => {
    const { sessions, ended, started } = split(timeline`load@0s click@30m`);
    expect(sessions).toEqual(['load@0s', 'click@30m']);
    expect(ended).toEqual([{ id: 's1', endedAt: at('0s'), reason: 'inactivity' }]);
    expect(started.map((s) => [s.id, s.reason, s.startedAt])).toEqual([
      ['s1', 'navigation', at('0s')],
      ['s2', 'activity', at('30m')],
    ]);
  });

  it('ends a session after a gap just over the timeout', () => {
    const { sessions, ended } = split(timeline`load@0s click@30m1ms`);
    expect(sessions).toEqual(['load@0s', 'click@30m1ms']);
    expect(ended.map((e) => e.reason)).toEqual(['inactivity']);
  });

  it('counts from the last user event, not from the start', () => {
    const { sessions } = split(timeline`load@0s click@20m wheel@49m key@1h18m`);
    expect(sessions).toEqual(['load@0s click@20m wheel@49m key@1h18m']);
  });

  it('honours a timeout of a few seconds', () => {
    const { sessions } = split(timeline`load@0s click@4s click@9s`, { inactivityMs: 5000 });
    expect(sessions).toEqual(['load@0s click@4s', 'click@9s']);
  });
});

describe('sessionize: passive events', () => {
  it('drops mutations during a long gap, and they do not keep the session alive', () => {
    // A ticking clock: a mutation every 10 s for an hour, nobody touching the page.
    const events = timeline`load@0s mutation@10s..1h/10s click@1h5s`;
    const { sessions, ended, started, droppedText, needsSnapshot } = split(events);

    expect(sessions).toEqual([
      describeTimeline(timeline`load@0s mutation@10s..29m50s/10s`),
      'click@1h5s',
    ]);
    expect(ended).toEqual([{ id: 's1', endedAt: at('29m50s'), reason: 'inactivity' }]);
    expect(droppedText).toBe(describeTimeline(timeline`mutation@30m..1h/10s`));
    expect(started[1]).toMatchObject({ reason: 'activity', startedAt: at('1h5s') });
    expect(needsSnapshot).toBe(true);
  });

  it('stores passive events while the session is alive', () => {
    const { sessions } = split(timeline`load@0s mutation@10m mousemove@11m focus@12m click@20m`);
    expect(sessions).toEqual(['load@0s mutation@10m mousemove@11m focus@12m click@20m']);
  });

  it('never starts a session on a passive event', () => {
    const { sessions, started, droppedText } = split(
      timeline`mutation@0s mousemove@1s focus@2s blur@3s input:script@4s snapshot@5s meta@6s click@7s`,
    );
    expect(sessions).toEqual(['click@7s']);
    expect(started).toEqual([
      { id: 's1', startedAt: at('7s'), reason: 'activity', campaign: null },
    ]);
    expect(droppedText).toBe(
      'mutation@0s mousemove@1s focus@2s blur@3s input:script@4s snapshot@5s meta@6s',
    );
  });

  it('stores nothing and starts nothing from passive events alone', () => {
    const result = split(timeline`mutation@0s..1m/10s`);
    expect(result.runs).toEqual([]);
    expect(result.started).toEqual([]);
    expect(result.dropped).toHaveLength(7);
    expect(result.state.open).toBeNull();
  });
});

describe('sessionize: maximum duration', () => {
  it('cuts a session at start + max even while the user is busy', () => {
    const events = timeline`load@0s click@10m..2h30m/10m`;
    const { sessions, started, ended } = split(events, { maxDurationMs: duration('1h') });

    expect(sessions).toEqual([
      describeTimeline(timeline`load@0s click@10m..50m/10m`),
      describeTimeline(timeline`click@1h..1h50m/10m`),
      describeTimeline(timeline`click@2h..2h30m/10m`),
    ]);
    expect(started.map((s) => [s.reason, s.startedAt])).toEqual([
      ['navigation', at('0s')],
      ['max-duration', at('1h')],
      ['max-duration', at('2h')],
    ]);
    expect(ended.map((e) => [e.reason, e.endedAt])).toEqual([
      ['max-duration', at('50m')],
      ['max-duration', at('1h50m')],
    ]);
  });

  it('cuts at max, not a millisecond sooner', () => {
    const { sessions } = split(timeline`load@0s click@59m59s999ms click@1h`, {
      maxDurationMs: duration('1h'),
      inactivityMs: duration('2h'),
    });
    expect(sessions).toEqual(['load@0s click@59m59s999ms', 'click@1h']);
  });

  it('is a timeout, not a reason, when the session was idle too', () => {
    const { ended } = split(timeline`load@0s click@2h`, { maxDurationMs: duration('1h') });
    expect(ended.map((e) => e.reason)).toEqual(['inactivity']);
  });
});

describe('sessionize: page loads', () => {
  it('keeps reloads, navigations and route changes in one session', () => {
    const events = timeline`load(/a)@0s click@5s load(/a)@10s click@12s load(/b)@20s route(/c)@25s`;
    const { sessions, started, ended } = split(events);
    expect(sessions).toEqual([
      'load(/a)@0s click@5s load(/a)@10s click@12s load(/b)@20s route(/c)@25s',
    ]);
    expect(started).toHaveLength(1);
    expect(ended).toEqual([]);
  });

  it('keeps a session open across batches', () => {
    const first = split(timeline`load(/a)@0s click@5s`);
    const second = split(timeline`load(/b)@10m click@11m`, {}, first.state, () => 'unused');
    expect(second.started).toEqual([]);
    expect(second.sessionIds).toEqual(['s1']);
    expect(second.needsSnapshot).toBe(false);
  });

  it('gives the same sessions whatever the batch boundaries', () => {
    const events = timeline`load@0s click@1m mutation@2m mutation@40m key@45m mark:manual@46m snapshot@46m wheel@47m load(/b)@3h click@3h1m`;
    const whole = split(events);
    for (let cut = 0; cut <= events.length; cut += 1) {
      const newId = sequentialIds();
      const head = split(events.slice(0, cut), {}, emptyTabState(1), newId);
      const tail = split(events.slice(cut), {}, head.state, newId);
      expect([...head.started, ...tail.started], `cut at ${cut}`).toEqual(whole.started);
      expect([...head.ended, ...tail.ended], `cut at ${cut}`).toEqual(whole.ended);
      expect(tail.state, `cut at ${cut}`).toEqual(whole.state);
      expect(eventsBySession(head, tail), `cut at ${cut}`).toEqual(eventsBySession(whole));
    }
  });
});

describe('sessionize: two tabs', () => {
  it('keeps a separate state per tab, with ids unique across tabs', () => {
    const newId = sequentialIds();
    let tab1 = emptyTabState(1);
    let tab2 = emptyTabState(2);
    const batches: Array<[1 | 2, TimedEvent[]]> = [
      [1, timeline`load(/one)@0s click@1m`],
      [2, timeline`load(/two)@30s click@20m`],
      [1, timeline`click@35m`], // tab 1 was idle 34 minutes: the busy tab 2 does not count
      [2, timeline`click@40m`], // tab 2: 20 minutes since its last click
    ];
    const seen: Array<[number, string[]]> = [];
    for (const [tab, events] of batches) {
      const result = split(events, {}, tab === 1 ? tab1 : tab2, newId);
      if (tab === 1) tab1 = result.state;
      else tab2 = result.state;
      seen.push([tab, result.sessionIds]);
    }
    expect(seen).toEqual([
      [1, ['s1']],
      [2, ['s2']],
      [1, ['s3']],
      [2, ['s2']],
    ]);
    expect(tab1).toMatchObject({ tabId: 1, lastSessionId: 's3' });
    expect(tab2).toMatchObject({ tabId: 2, lastSessionId: 's2' });
  });
});

describe('sessionize: the user asks for a new session', () => {
  it.each(['manual', 'resume'] as const)(
    'mark:%s ends the session with reason manual even when not idle',
    (reason) => {
      const events = timeline(`load@0s click@1m mark:${reason}@2m snapshot@2m click@3m`);
      const { sessions, ended, started, needsSnapshot } = split(events);
      expect(sessions).toEqual(['load@0s click@1m', `mark:${reason}@2m snapshot@2m click@3m`]);
      expect(ended).toEqual([{ id: 's1', endedAt: at('1m'), reason: 'manual' }]);
      expect(started[1]).toMatchObject({ reason: 'manual', startedAt: at('2m') });
      expect(needsSnapshot).toBe(false);
    },
  );

  it('starts a manual session from a mark when none is open', () => {
    const { started } = split(timeline`mark:manual@0s snapshot@0s click@1s`);
    expect(started.map((s) => s.reason)).toEqual(['manual']);
  });

  it("does not cut a live session on the recorder's own activity mark", () => {
    const { sessions } = split(timeline`load@0s click@1m mark:activity@2m snapshot@2m`);
    expect(sessions).toEqual(['load@0s click@1m mark:activity@2m snapshot@2m']);
  });
});

describe('sessionize: recording stops in the tab', () => {
  it.each(['paused', 'excluded-site', 'not-listed', 'incognito', 'storage-full'] as const)(
    'stop:%s ends the open session at the stop, its last event, with that reason',
    (reason) => {
      const { sessions, ended, state } = split(
        timeline(`load@0s click@1m mutation@1m5s stop:${reason}@1m6s`),
      );
      expect(sessions).toEqual([`load@0s click@1m mutation@1m5s stop:${reason}@1m6s`]);
      expect(ended).toEqual([{ id: 's1', endedAt: at('1m6s'), reason }]);
      expect(state.open).toBeNull();
      expect(state.lastSessionId).toBe('s1');
    },
  );

  it('starts a new session on the resume, with its full snapshot', () => {
    const events = timeline`load@0s click@1m stop:paused@2m mark:resume@5m snapshot@5m click@6m`;
    const { sessions, ended, started, needsSnapshot } = split(events);
    expect(sessions).toEqual([
      'load@0s click@1m stop:paused@2m',
      'mark:resume@5m snapshot@5m click@6m',
    ]);
    expect(ended).toEqual([{ id: 's1', endedAt: at('2m'), reason: 'paused' }]);
    expect(started.map((s) => [s.id, s.reason, s.startedAt])).toEqual([
      ['s1', 'navigation', at('0s')],
      ['s2', 'manual', at('5m')],
    ]);
    expect(needsSnapshot).toBe(false);
  });

  it('ends the session when the stop comes in a later batch, and the next page load starts anew', () => {
    const first = split(timeline`load(/a)@0s click@1m`);
    expect(first.ended).toEqual([]);
    const stop = split(timeline`stop:excluded-site@1m30s`, {}, first.state, () => 'unused');
    expect(stop.ended).toEqual([{ id: 's1', endedAt: at('1m30s'), reason: 'excluded-site' }]);
    const next = split(timeline`load(/b)@2m`, {}, stop.state, () => 's2');
    expect(next.started.map((s) => [s.id, s.reason])).toEqual([['s2', 'navigation']]);
    expect(eventsBySession(first, stop, next)).toEqual([
      's1: load(/a)@0s click@1m stop:excluded-site@1m30s',
      's2: load(/b)@2m',
    ]);
  });

  it('is not activity: a stop past the timeout finds the session ended by inactivity', () => {
    const { sessions, ended, droppedText, started } = split(
      timeline`load@0s click@1m stop:paused@31m`,
    );
    expect(sessions).toEqual(['load@0s click@1m']);
    expect(ended).toEqual([{ id: 's1', endedAt: at('1m'), reason: 'inactivity' }]);
    expect(droppedText).toBe('stop:paused@31m');
    expect(started).toHaveLength(1);
  });

  it('ends nothing and starts nothing without an open session', () => {
    const { sessions, ended, started, droppedText } = split(timeline`stop:storage-full@0s`);
    expect([sessions, ended, started]).toEqual([[], [], []]);
    expect(droppedText).toBe('stop:storage-full@0s');
  });

  it('goes to the last session of a closed tab, which keeps its own end', () => {
    const closed = closeTab(split(timeline`load@0s click@1m`).state, at('2m'), RULES).state;
    const late = split(timeline`stop:paused@1m10s`, {}, closed, () => 'unused');
    expect(late.ended).toEqual([]);
    expect(eventsBySession(late)).toEqual(['s1: stop:paused@1m10s']);
  });

  it('takes a stop naming no known reason for a passive event: the session goes on', () => {
    const { sessions, ended } = split(timeline`load@0s click@1m stop:bogus@2m click@3m`);
    expect(sessions).toEqual(['load@0s click@1m stop:bogus@2m click@3m']);
    expect(ended).toEqual([]);
  });

  it('gives the same sessions whatever the batch boundaries', () => {
    const events = timeline`load@0s click@1m mutation@1m1s stop:paused@1m2s mark:resume@3m snapshot@3m click@4m`;
    const whole = split(events);
    for (let cut = 1; cut < events.length; cut += 1) {
      const newId = sequentialIds();
      const head = split(events.slice(0, cut), {}, emptyTabState(1), newId);
      const tail = split(events.slice(cut), {}, head.state, newId);
      expect([...head.ended, ...tail.ended], `cut at ${cut}`).toEqual(whole.ended);
      expect(eventsBySession(head, tail), `cut at ${cut}`).toEqual(eventsBySession(whole));
    }
  });
});

describe('sessionize: campaigns', () => {
  it('starts a new session on a new campaign when splitOnCampaign is on', () => {
    const events = timeline`load(/?utm_campaign=spring)@0s click@1m load(/?utm_campaign=summer)@2m`;
    const { sessions, ended, started } = split(events, { splitOnCampaign: true });
    expect(sessions).toEqual([
      'load(/?utm_campaign=spring)@0s click@1m',
      'load(/?utm_campaign=summer)@2m',
    ]);
    expect(ended).toEqual([{ id: 's1', endedAt: at('1m'), reason: 'campaign' }]);
    expect(started.map((s) => [s.reason, s.campaign])).toEqual([
      ['navigation', 'spring'],
      ['campaign', 'summer'],
    ]);
  });

  it('keeps one session across campaigns when splitOnCampaign is off', () => {
    const events = timeline`load(/?utm_campaign=spring)@0s click@1m load(/?utm_campaign=summer)@2m`;
    const { sessions, ended } = split(events, { splitOnCampaign: false });
    expect(sessions).toHaveLength(1);
    expect(ended).toEqual([]);
  });

  it('treats direct → campaign as a change, but not campaign → direct or a different case', () => {
    const on = { splitOnCampaign: true };
    expect(split(timeline`load(/)@0s load(/?utm_campaign=x)@1m`, on).sessions).toHaveLength(2);
    expect(split(timeline`load(/?utm_campaign=x)@0s load(/)@1m`, on).sessions).toHaveLength(1);
    expect(
      split(timeline`load(/?utm_campaign=Spring)@0s load(/?utm_campaign=%20spring)@1m`, on)
        .sessions,
    ).toHaveLength(1);
  });

  it('splits on page loads only, not on route changes', () => {
    const events = timeline`load(/?utm_campaign=spring)@0s route(/?utm_campaign=summer)@1m`;
    expect(split(events, { splitOnCampaign: true }).sessions).toHaveLength(1);
  });
});

describe('sessionize: across midnight', () => {
  it('has no special behaviour at midnight', () => {
    const beforeMidnight = timelineFrom(Date.UTC(2025, 0, 15, 23, 50));
    const events = beforeMidnight`load@0s click@9m59s click@10m1s click@39m`;
    const { sessions, started } = split(events);
    expect(sessions).toHaveLength(1);
    expect(started[0]!.startedAt).toBe(Date.UTC(2025, 0, 15, 23, 50));
  });
});

describe('sessionize: the system clock set back', () => {
  // Two hours in, the clock goes back to 10 minutes: the person leaves, a clock ticks, they return.
  const before = timeline`load@1h45m click@2h`;
  const after = timeline`mutation@11m mutation@30m mutation@50m click@51m`;

  it('ends the session at the jump: its idle time is unknown, its replay would run backwards', () => {
    const { sessions, ended, started, droppedText, needsSnapshot } = split([...before, ...after]);
    expect(sessions).toEqual(['load@1h45m click@2h', 'click@51m']);
    expect(ended).toEqual([{ id: 's1', endedAt: at('2h'), reason: 'inactivity' }]);
    expect(started[1]).toMatchObject({ id: 's2', reason: 'activity', startedAt: at('51m') });
    expect(droppedText).toBe('mutation@11m mutation@30m mutation@50m');
    expect(needsSnapshot).toBe(true);
  });

  it('lets the sweep end an idle session after the clock went back', () => {
    const { state } = split(before);
    expect(expireIdleSession(state, at('1h'), RULES).ended).toEqual({
      id: 's1',
      endedAt: at('2h'),
      reason: 'inactivity',
    });
  });

  it('keeps a session whose events come a little out of order', () => {
    const { sessions } = split(timeline`load@0s click@10m mutation@9m click@11m`);
    expect(sessions).toEqual(['load@0s click@10m mutation@9m click@11m']);
  });
});

describe('sessionize: needsSnapshot', () => {
  it.each(['click', 'input', 'wheel', 'key', 'touchstart', 'route'])(
    'asks for a snapshot when a session starts on %s (nothing follows it with one)',
    (kind) => {
      expect(split(timeline(`${kind}@0s`)).needsSnapshot).toBe(true);
    },
  );

  it.each(['load', 'mark:manual', 'mark:activity', 'mark:resume'])(
    'does not when a session starts on %s (the recorder snapshots right after it)',
    (kind) => {
      expect(split(timeline(`${kind}@0s`)).needsSnapshot).toBe(false);
    },
  );

  it('asks for one when a user event starts a session in the middle of a batch', () => {
    expect(split(timeline`load@0s click@1h`).needsSnapshot).toBe(true);
    expect(split(timeline`load@0s load@1h`).needsSnapshot).toBe(false);
  });

  it('does not while the session continues', () => {
    expect(split(timeline`load@0s click@1m key@2m`).needsSnapshot).toBe(false);
  });
});

describe('expireIdleSession', () => {
  const opened = split(timeline`load@0s click@1m mutation@5m`).state;

  it('leaves a session that is still within the timeout', () => {
    expect(expireIdleSession(opened, at('30m59s999ms'), RULES)).toEqual({
      state: opened,
      ended: null,
    });
  });

  it('ends an idle session at its last event, not at the sweep', () => {
    const { state, ended } = expireIdleSession(opened, at('31m'), RULES);
    expect(ended).toEqual({ id: 's1', endedAt: at('5m'), reason: 'inactivity' });
    expect(state).toMatchObject({ open: null, lastSessionId: 's1', closedAt: null });
  });

  it('ends a session that has run too long', () => {
    const { ended } = expireIdleSession(opened, at('20m'), {
      ...RULES,
      maxDurationMs: duration('15m'),
    });
    expect(ended?.reason).toBe('max-duration');
  });

  it('does nothing without an open session', () => {
    const empty = emptyTabState(1);
    expect(expireIdleSession(empty, at('1d'), RULES)).toEqual({ state: empty, ended: null });
  });

  it('lets the next user event start a fresh session; passive ones are dropped', () => {
    const { state } = expireIdleSession(opened, at('40m'), RULES);
    const next = split(timeline`mutation@41m click@42m`, {}, state, sequentialIds('t'));
    expect(next.droppedText).toBe('mutation@41m');
    expect(next.started).toEqual([
      { id: 't1', startedAt: at('42m'), reason: 'activity', campaign: null },
    ]);
    expect(next.needsSnapshot).toBe(true);
  });
});

describe('closeTab', () => {
  const opened = split(timeline`load@0s click@1m`).state;

  it('ends an active session as tab-closed, at the close', () => {
    const { state, ended } = closeTab(opened, at('2m'), RULES);
    expect(ended).toEqual({ id: 's1', endedAt: at('2m'), reason: 'tab-closed' });
    expect(state).toEqual({ tabId: 1, open: null, lastSessionId: 's1', closedAt: at('2m') });
  });

  it('ends a session that was already idle as inactivity, at its last event', () => {
    const { ended } = closeTab(opened, at('31m'), RULES);
    expect(ended).toEqual({ id: 's1', endedAt: at('1m'), reason: 'inactivity' });
  });

  it('sends events arriving after the close to the last session and starts nothing', () => {
    const closed = closeTab(opened, at('2m'), RULES).state;
    const late = split(timeline`mutation@1m30s click@3h load(/b)@3h`, {}, closed, () => 'new');
    expect(late.sessionIds).toEqual(['s1']);
    expect(late.sessions).toEqual(['mutation@1m30s click@3h load(/b)@3h']);
    expect(late.started).toEqual([]);
    expect(late.ended).toEqual([]);
    expect(late.state).toEqual(closed);
  });

  it('also after an idle session was already swept', () => {
    const swept = expireIdleSession(opened, at('40m'), RULES).state;
    const { state, ended } = closeTab(swept, at('50m'), RULES);
    expect(ended).toBeNull();
    expect(split(timeline`click@50m`, {}, state).sessionIds).toEqual(['s1']);
  });

  it('drops late events of a tab that never had a session', () => {
    const closed = closeTab(emptyTabState(3), at('0s'), RULES).state;
    const late = split(timeline`click@1s`, {}, closed);
    expect(late.runs).toEqual([]);
    expect(late.dropped).toEqual([0]);
  });
});

describe('endSessionManually', () => {
  it('ends the open session at its last event', () => {
    const opened = split(timeline`load@0s click@1m mutation@2m`).state;
    const { state, ended } = endSessionManually(opened);
    expect(ended).toEqual({ id: 's1', endedAt: at('2m'), reason: 'manual' });
    expect(state).toMatchObject({ open: null, lastSessionId: 's1' });
    const next = split(timeline`click@3m`, {}, state, sequentialIds('t'));
    expect(next.sessionIds).toEqual(['t1']);
    expect(next.needsSnapshot).toBe(true);
  });

  it('does nothing without an open session', () => {
    const empty = emptyTabState(1);
    expect(endSessionManually(empty)).toEqual({ state: empty, ended: null });
  });
});
