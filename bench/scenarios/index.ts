import type { Scenario } from '../support/scenario';
import { r1MutationOverhead } from './r1-mutation-overhead';

/** Every scenario, by id: `npm run bench -- R1` runs one, `npm run bench` runs them all. */
export const SCENARIOS: readonly Scenario[] = [r1MutationOverhead];
