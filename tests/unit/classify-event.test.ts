import { describe, expect, it } from 'vitest';
import { makeCustomEvent } from '../../shared/events/tabreel-events';
import { classifyEvent, isActivity } from '../../shared/session/classify-event';
import { timeline } from '../fixtures/timeline';

const roleOf = (token: string) => classifyEvent(timeline(`${token}@0s`)[0]!);

describe('classifyEvent', () => {
  it.each(['click', 'dblclick', 'mousedown', 'mouseup', 'contextmenu', 'touchstart', 'touchend'])(
    '%s is a user event',
    (token) => expect(roleOf(token)).toBe('user'),
  );

  it.each(['input', 'key', 'wheel'])('%s is a user event', (token) =>
    expect(roleOf(token)).toBe('user'),
  );

  it.each(['scroll', 'selection'])(
    "rrweb's %s is passive: scripts do it too (a carousel must not keep a session alive)",
    (token) => expect(roleOf(token)).toBe('passive'),
  );

  it('an input set by a script (userTriggered: false) is passive', () => {
    expect(roleOf('input:script')).toBe('passive');
  });

  it.each(['focus', 'blur'])('%s is passive: scripts cause it too', (token) =>
    expect(roleOf(token)).toBe('passive'),
  );

  it.each(['mutation', 'mousemove', 'snapshot', 'meta'])('%s is passive', (token) =>
    expect(roleOf(token)).toBe('passive'),
  );

  it.each(['load', 'route'])('a page %s is navigation', (token) =>
    expect(roleOf(token)).toBe('navigation'),
  );

  it.each(['mark:manual', 'mark:activity', 'mark:resume', 'mark:max-duration'])(
    '%s is a session start',
    (token) => expect(roleOf(token)).toBe('session-start'),
  );

  it('a custom event with a tag of someone else is passive', () => {
    expect(classifyEvent(makeCustomEvent('their.tag', { kind: 'load' }, 0))).toBe('passive');
    expect(classifyEvent({ type: 5, timestamp: 0 })).toBe('passive');
  });

  it.each(['stop:paused', 'stop:excluded-site', 'stop:storage-full'])(
    '%s is a session end',
    (token) => expect(roleOf(token)).toBe('session-end'),
  );

  it('counts everything but passive events and stops as activity', () => {
    expect(isActivity('user')).toBe(true);
    expect(isActivity('navigation')).toBe(true);
    expect(isActivity('session-start')).toBe(true);
    expect(isActivity('passive')).toBe(false);
    // Recording stopped: the extension's doing, not the person's.
    expect(isActivity('session-end')).toBe(false);
  });
});
