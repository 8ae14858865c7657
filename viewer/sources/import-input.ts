import type { ImportFileInput } from '../../shared/storage/import-file';

/** A DOM file as the importer reads it: its first bytes, then a stream, or its bytes whole. */
export async function importInputOf(file: File): Promise<ImportFileInput> {
  return {
    name: file.name,
    size: file.size,
    head: new Uint8Array(await file.slice(0, 16).arrayBuffer()),
    stream: async function* () {
      // A reader loop: async iteration of ReadableStream is newer than our minimum Chrome.
      const reader = file.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
    bytes: async () => new Uint8Array(await file.arrayBuffer()),
  };
}
