import { useCallback, useState } from 'preact/hooks';
import type { SessionSource } from '../sources/session-source';

/** What became of one file the person picked or dropped. */
export type ImportOutcome =
  { file: string; ok: true; count: number } | { file: string; ok: false; message: string };

export interface FileImport {
  /** The file being imported now, or null. */
  busy: string | null;
  /** The latest outcomes, newest last: each file's, until dismissed. */
  outcomes: readonly ImportOutcome[];
  importFiles(files: readonly File[]): Promise<void>;
  dismiss(outcome: ImportOutcome): void;
}

/** The files go one after another: each all or nothing, each with its own outcome. */
export function useFileImport(source: SessionSource): FileImport {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<readonly ImportOutcome[]>([]);
  const importFiles = useCallback(
    async (files: readonly File[]) => {
      setOutcomes([]);
      for (const file of files) {
        setBusy(file.name);
        let outcome: ImportOutcome;
        try {
          const { ids } = await source.importFile(file);
          outcome = { file: file.name, ok: true, count: ids.length };
        } catch (error) {
          outcome = {
            file: file.name,
            ok: false,
            message: error instanceof Error ? error.message : String(error),
          };
        }
        setOutcomes((list) => [...list, outcome]);
      }
      setBusy(null);
    },
    [source],
  );
  const dismiss = useCallback(
    (outcome: ImportOutcome) => setOutcomes((list) => list.filter((o) => o !== outcome)),
    [],
  );
  return { busy, outcomes, importFiles, dismiss };
}
