import type { Scenario } from '../support/scenario';
import { p1OpenSession } from './p1-open-session';
import { p2Seek } from './p2-seek';
import { r1MutationOverhead } from './r1-mutation-overhead';
import { r3ListInsert } from './r3-list-insert';
import { s1ShareExport } from './s1-share-export';
import { v1PageVitals } from './v1-page-vitals';

/** Every scenario, by id: `npm run bench -- R1` runs one, `npm run bench` runs them all. */
export const SCENARIOS: readonly Scenario[] = [
  r1MutationOverhead,
  r3ListInsert,
  v1PageVitals,
  p1OpenSession,
  p2Seek,
  s1ShareExport,
];
