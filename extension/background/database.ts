import { openTabreelDb } from '../../shared/db/schema';

/**
 * The worker's connection, never opened by Dexie itself (`autoOpen: false`): not at a fresh
 * worker's first call, nor after Chromium closed it under the worker. Only the gate opens it
 * (open-database.ts), with room on the disk: everything else reaches it through there.
 */
export const db = openTabreelDb({ autoOpen: false });
