import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/chromium';

const files = readdirSync(EXTENSION_DIR, { recursive: true, encoding: 'utf8' });

describe('the built extension', () => {
  it('holds no Unicode noncharacters in any script (Chrome silently refuses such content scripts)', () => {
    const offenders = files
      .filter((file) => file.endsWith('.js'))
      .filter((file) =>
        /[\uFDD0-\uFDEF\uFFFE\uFFFF]/.test(readFileSync(join(EXTENSION_DIR, file), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });

  it('injects the recorder synchronously at document_start in the MAIN world, and exposes nothing to pages', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    const recorder = manifest.content_scripts.find((s: { world?: string }) => s.world === 'MAIN');
    expect(recorder).toMatchObject({ run_at: 'document_start', all_frames: true });
    // A loader stub would import the real script asynchronously and start late.
    const code = readFileSync(join(EXTENSION_DIR, recorder.js[0]), 'utf8');
    expect(code).not.toMatch(/\bimport\(/);
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });
});
