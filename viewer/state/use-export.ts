import { useCallback, useState } from 'preact/hooks';
import { saveFile } from './save-file';

export interface Exporter {
  /** What is being exported now (`3 sessions`), or null. */
  busy: string | null;
  /** Builds the file and downloads it as `name`; a failure goes to `onError`, in words. */
  run(what: string, make: () => Promise<Blob>, name: string): Promise<void>;
}

export function useExport(onError: (message: string) => void): Exporter {
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (what: string, make: () => Promise<Blob>, name: string) => {
      setBusy(what);
      try {
        saveFile(await make(), name);
      } catch (error) {
        onError(
          `Could not export ${what}: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        setBusy(null);
      }
    },
    [onError],
  );
  return { busy, run };
}
