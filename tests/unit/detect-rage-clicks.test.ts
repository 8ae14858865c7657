import { describe, expect, it } from 'vitest';
import { detectRageClicks, type ClickSignal } from '../../shared/analysis/detect-rage-clicks';

const button = { role: 'button', name: 'Pay now', selector: '#pay' };
const paragraph = { role: 'p', name: 'Some text', selector: 'p' };

/** `clicks(button, '0 200 400')`: clicks at those ms, on that target, at (100, 100) plus `dx` each. */
function clicks(target: ClickSignal['target'], times: string, dx = 0): ClickSignal[] {
  return times
    .split(' ')
    .map((t, i) => ({ timestamp: Number(t), x: 100 + i * dx, y: 100, target }));
}

describe('detectRageClicks', () => {
  it('finds 3 clicks within 1 s and 30 px on a button', () => {
    expect(detectRageClicks(clicks(button, '0 200 400'))).toEqual([
      { start: 0, end: 400, count: 3, target: button, x: 100, y: 100 },
    ]);
  });

  it('counts a longer burst once, with all its clicks', () => {
    expect(detectRageClicks(clicks(button, '0 150 300 450 600')).map((r) => r.count)).toEqual([5]);
  });

  it('ignores clicks spread over more than 1 s', () => {
    expect(detectRageClicks(clicks(button, '0 600 1200'))).toEqual([]);
  });

  it('ignores clicks more than 30 px apart', () => {
    expect(detectRageClicks(clicks(button, '0 100 200', 40))).toEqual([]);
  });

  it('does not call a double or triple click on text rage: that is selecting', () => {
    expect(detectRageClicks(clicks(paragraph, '0 150'))).toEqual([]);
    expect(detectRageClicks(clicks(paragraph, '0 150 300'))).toEqual([]);
  });

  it('does call it rage when clicking on text goes on past three', () => {
    expect(detectRageClicks(clicks(paragraph, '0 150 300 450')).map((r) => r.count)).toEqual([4]);
  });

  it('needs at least 3 clicks', () => {
    expect(detectRageClicks(clicks(button, '0 100'))).toEqual([]);
  });

  it('finds two separate bursts', () => {
    const both = [...clicks(button, '0 100 200'), ...clicks(button, '5000 5100 5200')];
    expect(detectRageClicks(both).map((r) => r.start)).toEqual([0, 5000]);
  });
});
