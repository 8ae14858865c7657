import { describe, expect, it } from 'vitest';
import { describeRetry } from '../support/summary-reporter';

describe('summary reporter', () => {
  it("prints a retried test's earlier failure with its own frames, not vitest's", () => {
    const error = {
      name: 'Error',
      message: 'Timed out waiting for the worker to stop.',
      stack: [
        'Error: Timed out waiting for the worker to stop.',
        `    at waitFor (${process.cwd()}/tests/e2e/support/stored-sessions.ts:115:35)`,
        `    at file://${process.cwd()}/node_modules/@vitest/runner/dist/chunk-artifact.js:302:11`,
        `    at stopWorkerRepeatedly (${process.cwd()}/tests/e2e/support/stop-worker.ts:39:5)`,
      ].join('\n'),
    };
    const text = describeRetry({
      fullName: 'delivery > stores every event exactly once',
      module: { moduleId: `${process.cwd()}/tests/e2e/delivery.e2e.ts` },
      result: () => ({ state: 'passed', errors: [error] }),
    });
    expect(text).toContain(
      'tests/e2e/delivery.e2e.ts > delivery > stores every event exactly once',
    );
    expect(text).toContain('Error: Timed out waiting for the worker to stop.');
    expect(text).toContain('stop-worker.ts:39:5');
    expect(text).not.toContain('node_modules');
  });
});
