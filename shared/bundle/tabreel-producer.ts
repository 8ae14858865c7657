import { version } from '../../package.json';

/** Who wrote a bundle: this Tabreel, named in every bundle's header and on imported sessions. */
export const TABREEL_PRODUCER = { name: 'Tabreel', version } as const;
