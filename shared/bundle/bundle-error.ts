/** Why a file could not be imported. Each has one message a person can act on. */
export type BundleErrorCode =
  | 'not-a-bundle'
  | 'truncated'
  | 'newer-version'
  | 'bad-shape'
  | 'hash-mismatch'
  | 'too-large'
  | 'too-deep'
  | 'bad-session';

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}
