import './disk-full-notice.css';

/** Where the extension's options page is, from the viewer page (both in the built extension). */
const OPTIONS_URL = '../extension/options/options.html';

/** Instead of the viewer, while the disk has too little room to open the recordings (room-to-open.ts). */
export function DiskFullNotice() {
  return (
    <section class="disk-full-notice" role="alert" aria-labelledby="disk-full-title">
      <h1 id="disk-full-title">The disk is full</h1>
      <p>
        Tabreel does not open its recordings until space is freed on this computer’s disk, because
        opening them on a full disk can lose them. They are still stored.
      </p>
      <p>
        Free some disk space, then reload this page. The{' '}
        <a href={OPTIONS_URL} target="_blank" rel="noreferrer">
          settings
        </a>{' '}
        show what Tabreel stores.
      </p>
      <button type="button" class="button" onClick={() => location.reload()}>
        Reload
      </button>
    </section>
  );
}
