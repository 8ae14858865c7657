import { openTabreelDb } from '../../shared/db/schema';

/** Opened once per service-worker life; Dexie reopens it after the worker restarts. */
export const db = openTabreelDb();
