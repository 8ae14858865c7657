import type { Scenario } from '../support/scenario';
import { a1AssetCapture } from './a1-asset-capture';
import { b1BundleExportImport } from './b1-bundle-export-import';
import { b2ShareExport } from './b2-share-export';
import { d1StoragePerMinute } from './d1-storage-per-minute';
import { m1Overview } from './m1-overview';
import { m2SummaryAtEnd } from './m2-summary-at-end';
import { p1OpenSession } from './p1-open-session';
import { p2Seek } from './p2-seek';
import { r1MutationOverhead } from './r1-mutation-overhead';
import { r2GridFlow } from './r2-grid-flow';
import { r3ListInsert } from './r3-list-insert';
import { s1WriteThroughput } from './s1-write-throughput';
import { v1PageVitals } from './v1-page-vitals';

/** Every scenario, by id: `npm run bench -- R1` runs one, `npm run bench` runs them all. */
export const SCENARIOS: readonly Scenario[] = [
  r1MutationOverhead,
  r2GridFlow,
  r3ListInsert,
  v1PageVitals,
  d1StoragePerMinute,
  s1WriteThroughput,
  p1OpenSession,
  p2Seek,
  b1BundleExportImport,
  b2ShareExport,
  a1AssetCapture,
  m1Overview,
  m2SummaryAtEnd,
];
