// One asset fetched the way capture needs: without the person's cookies, from the HTTP cache when
// it can be, refused when it is not a stylesheet, font or image, and never read past its cap.
import { assetMimeOf } from './asset-kind';

export interface FetchedAsset {
  /** The media type it is stored with (see asset-kind.ts). */
  mime: string;
  data: Uint8Array;
}

/** Why an address gave no asset; the message is stored on its ref for the viewer. */
export class AssetFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssetFetchError';
  }
}

/**
 * Fetches `url` as an asset. `credentials: 'omit'`: a replay needs what any visitor sees, and a
 * fetch with the person's cookies could return private images or act as them on the site. The
 * body is read piece by piece and dropped past `maxBytes`, whatever Content-Length claims.
 */
export async function fetchAssetBytes(
  fetchImpl: typeof fetch,
  url: string,
  options: { maxBytes: number; signal?: AbortSignal },
): Promise<FetchedAsset> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      credentials: 'omit',
      cache: 'force-cache',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new AssetFetchError(
      `Network error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new AssetFetchError(`HTTP ${response.status}`);
  }
  const mime = assetMimeOf(response.headers.get('content-type') ?? '', response.url || url);
  if (!mime) {
    await response.body?.cancel().catch(() => {});
    throw new AssetFetchError(
      `Not a stylesheet, font or image (${response.headers.get('content-type') ?? 'no type'})`,
    );
  }
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new AssetFetchError(`Larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return { mime, data: new Uint8Array(0) };
  const reader = response.body.getReader();
  const pieces: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > options.maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    pieces.push(value);
  }
  const data = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    data.set(piece, at);
    at += piece.byteLength;
  }
  return { mime, data };
}
