// A small disk of its own (a tmpfs) for a browser profile, which a test fills with a file as
// anything else on the machine could: the extension has `unlimitedStorage`, so its quota is the
// disk's free space. Mounting needs root (or CAP_SYS_ADMIN): `cannotMount` says why it cannot, so
// a test skips rather than fails where it cannot.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The profile's disk. */
const DISK_SIZE = '1g';

export interface SmallDisk {
  /** The mount point: the profile's parent folder. */
  dir: string;
  /** Why a small disk cannot be mounted here; null when it can. */
  cannotMount: string | null;
  /** Mounts a fresh disk at `dir`; the reason it cannot, if it cannot. */
  mount(): string | null;
  unmount(): void;
  /** Something else fills the disk: a file over all its free space but `leftFree` bytes. */
  fill(leftFree: number): void;
  /** Space again: those files are deleted. */
  free(): void;
  /** Its free bytes now. */
  freeBytes(): number;
  /** Removes the mount point (after the last unmount). */
  remove(): void;
}

/** Makes the mount point and tries a mount once, so a machine that cannot is known at load. */
export function createSmallDisk(): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'tabreel-disk-'));
  const fillFile = join(dir, 'fill');
  const mount = (): string | null => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_SIZE}`, 'tmpfs', dir], {
        stdio: 'pipe',
      });
      return null;
    } catch (error) {
      return String((error as { stderr?: Buffer }).stderr ?? error).trim();
    }
  };
  const unmount = () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  const cannotMount = mount();
  if (cannotMount === null) unmount();
  else
    console.warn(`Full-disk test skipped: a small disk cannot be mounted here (${cannotMount}).`);
  const freeBytes = () => {
    const { bavail, bsize } = statfsSync(dir);
    return bavail * bsize;
  };
  return {
    dir,
    cannotMount,
    mount,
    unmount,
    fill: (leftFree) => {
      // To the last byte: the browser writes meanwhile, so an exact size may no longer fit; the
      // rest is written until the disk refuses more.
      execFileSync('fallocate', [
        '-l',
        String(freeBytes() - Math.max(leftFree, 1024 * 1024)),
        fillFile,
      ]);
      if (leftFree > 0) return;
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${fillFile}-rest`, 'bs=4096'], { stdio: 'pipe' });
      } catch {
        // No space left on device: full.
      }
    },
    free: () => {
      rmSync(fillFile, { force: true });
      rmSync(`${fillFile}-rest`, { force: true });
    },
    freeBytes,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
