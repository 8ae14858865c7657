/**
 * Saves a Blob as a download named `name`, the way a page does: an object URL on an `<a download>`,
 * clicked. The URL is released once the browser has had time to start the download.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file from the pieces an exporter wrote (fflate's and TextEncoder's: plain ArrayBuffers). */
export function blobOf(parts: readonly Uint8Array[], type: string): Blob {
  return new Blob(parts as Uint8Array<ArrayBuffer>[], { type });
}
