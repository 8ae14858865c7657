/** The standalone viewer's address parameter naming a bundle served next to it. */
export const BUNDLE_PARAM = 'bundle';

/**
 * The file `?bundle=` names, fetched relative to the page: only from the page's own origin (its CSP
 * allows nothing else), with a message a person can act on when it cannot be had.
 */
export async function fetchBundleParam(name: string, pageUrl: string): Promise<File> {
  const page = new URL(pageUrl);
  if (page.protocol === 'file:')
    throw new Error(
      'A page opened from disk cannot read files beside it. Serve this folder over http (for example `npx serve`), or drop the file on this page.',
    );
  let url: URL;
  try {
    url = new URL(name, page);
  } catch (error) {
    throw new Error('It is not a file name or a relative address.', { cause: error });
  }
  if (url.origin !== page.origin)
    throw new Error(
      `Only a file served next to this viewer can be opened by address, not one from ${url.origin}.`,
    );
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
  } catch (error) {
    throw new Error(
      `It could not be fetched (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  if (!response.ok)
    throw new Error(
      response.status === 404
        ? 'There is no such file next to this viewer (404).'
        : `The server answered ${response.status} ${response.statusText}.`.replace(' .', '.'),
    );
  const fileName = decodeURIComponent(url.pathname.split('/').pop() || name);
  return new File([await response.blob()], fileName);
}

/** This page's own file as served (its address without query or hash). */
export async function fetchOwnFile(pageUrl: string): Promise<string> {
  const url = new URL(pageUrl);
  url.search = '';
  url.hash = '';
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok)
    throw new Error(`this viewer's own file could not be read (${response.status})`);
  return response.text();
}
