import { describe, expect, it } from 'vitest';
import { watchOnceOpen } from '../../viewer/sources/watch-once-open';

function counter() {
  const seen = { started: 0, stopped: 0 };
  const watch = () => {
    seen.started += 1;
    return { unsubscribe: () => void (seen.stopped += 1) };
  };
  return { seen, watch };
}

describe('watchOnceOpen', () => {
  it('starts once the database is open, and its stop stops the watch', async () => {
    const { seen, watch } = counter();
    const stop = watchOnceOpen(Promise.resolve(true), watch);
    await Promise.resolve();
    expect(seen).toEqual({ started: 1, stopped: 0 });
    stop();
    expect(seen).toEqual({ started: 1, stopped: 1 });
  });

  it('never starts on a disk too full to open the database', async () => {
    const { seen, watch } = counter();
    watchOnceOpen(Promise.resolve(false), watch);
    await Promise.resolve();
    expect(seen.started).toBe(0);
  });

  it('never starts when stopped before the database opened', async () => {
    const { seen, watch } = counter();
    let open!: (value: boolean) => void;
    const stop = watchOnceOpen(new Promise<boolean>((resolve) => (open = resolve)), watch);
    stop();
    open(true);
    await Promise.resolve();
    expect(seen.started).toBe(0);
  });
});
