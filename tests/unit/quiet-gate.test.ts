import { describe, expect, it } from 'vitest';
import { createQuietGate } from '../../shared/delivery/quiet-gate';

/** A gate on a clock the test moves: sleeping advances it, so nothing waits for real time. */
function gateOnFakeClock(quietMs = 250) {
  let now = 0;
  const sleeps: number[] = [];
  const gate = createQuietGate({
    quietMs,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  });
  return { gate, sleeps, advance: (ms: number) => (now += ms) };
}

describe('createQuietGate', () => {
  it('is quiet at once when no batch ever came', async () => {
    const { gate, sleeps } = gateOnFakeClock();
    await gate.whenQuiet();
    expect(sleeps).toEqual([]);
  });

  it('waits out the quiet time after the last batch left', async () => {
    const { gate, sleeps, advance } = gateOnFakeClock(250);
    const leave = gate.enter();
    advance(40);
    leave();
    advance(100);
    await gate.whenQuiet();
    expect(sleeps).toEqual([150]);
  });

  it('stays shut while a batch is in the worker, however long it takes', async () => {
    const { gate, sleeps } = gateOnFakeClock(250);
    const leave = gate.enter();
    let polls = 0;
    const quiet = gate.whenQuiet().then(() => polls);
    // The batch leaves after the gate has looked twice.
    await Promise.resolve();
    polls = sleeps.length;
    leave();
    await quiet;
    expect(sleeps.slice(0, polls).every((ms) => ms === 250)).toBe(true);
    expect(sleeps.at(-1)).toBeGreaterThan(0);
  });

  it('counts a batch once even when it is left twice', async () => {
    const { gate, advance, sleeps } = gateOnFakeClock(250);
    const first = gate.enter();
    const second = gate.enter();
    first();
    first();
    advance(1000);
    // `second` is still in: the gate must not open.
    let open = false;
    const quiet = gate.whenQuiet().then(() => (open = true));
    await Promise.resolve();
    expect(open).toBe(false);
    second();
    await quiet;
    expect(open).toBe(true);
    expect(sleeps.length).toBeGreaterThan(0);
  });
});
