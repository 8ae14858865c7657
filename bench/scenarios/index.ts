import type { Scenario } from '../support/scenario';
import { p1OpenSession } from './p1-open-session';
import { p2Seek } from './p2-seek';
import { r1MutationOverhead } from './r1-mutation-overhead';

/** Every scenario, by id: `npm run bench -- R1` runs one, `npm run bench` runs them all. */
export const SCENARIOS: readonly Scenario[] = [r1MutationOverhead, p1OpenSession, p2Seek];
