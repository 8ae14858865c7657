import { EMBEDDED_BUNDLE_ID } from '../../shared/bundle/html-export';

/** The bundle an HTML export carries, as a file; null on a page that carries none. */
export function embeddedBundle(doc: Document): File | null {
  const element = doc.getElementById(EMBEDDED_BUNDLE_ID);
  if (!element) return null;
  const binary = atob((element.textContent ?? '').replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new File([bytes], element.dataset.name || 'session.tabreel');
}
