import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * Ends the run with the plain `N passed, N failed` line that CI reads, after vitest's own summary,
 * and, for a test that passed only on a retry, why its earlier attempt failed: vitest lists such a
 * test as flaky but prints nothing of the failure, which then cannot be diagnosed from a CI log.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const retried: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
        if (state === 'passed' && test.diagnostic()?.flaky) retried.push(describeRetry(test));
      }
    }
    if (retried.length > 0)
      process.stdout.write(
        `\nPassed only on a retry (earlier attempts failed):\n${retried.join('\n')}`,
      );
    process.stdout.write(
      `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}

/** The test's name and each earlier attempt's error (a passed test keeps them in its result). */
export function describeRetry(
  test: Pick<TestCase, 'fullName' | 'result'> & { module: Pick<TestCase['module'], 'moduleId'> },
): string {
  const errors = test.result().errors ?? [];
  const lines = errors.map((error) => {
    const stack = (error.stack ?? '')
      .split('\n')
      .filter((line) => line.trim().startsWith('at ') && !line.includes('node_modules'))
      .slice(0, 4)
      .map((line) => `      ${line.trim()}`);
    return [`    ${error.name ?? 'Error'}: ${error.message}`, ...stack].join('\n');
  });
  return (
    [`  ✓↻ ${relative(process.cwd(), test.module.moduleId)} > ${test.fullName}`, ...lines].join(
      '\n',
    ) + '\n'
  );
}
