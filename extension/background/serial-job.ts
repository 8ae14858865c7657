/**
 * A background job that runs one pass at a time: asked again during a pass, it runs once more
 * after it. Losing this state with the worker is harmless: the work each pass picks up is queued
 * in IndexedDB, and the next start or sweep asks again. Returns the function that asks for a pass.
 */
export function createSerialJob(name: string, pass: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again);
      } catch (error) {
        console.warn(`Tabreel: ${name} failed`, error);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
