/* global window, document, location, performance, fetch, URLSearchParams, rrweb */
// P1's anchor: what any rrweb player pays to open a recording. `?events=/sessions/N.json`: fetch the
// events as JSON, build rrweb's Replayer (UMD build) with the options Tabreel's replay frame passes,
// pause at 0, and mark the moment the viewer marks as `tabreel:replay-loaded`.
(async () => {
  const url = new URLSearchParams(location.search).get('events');
  try {
    const response = await fetch(url);
    const events = await response.json();
    performance.mark('bare:parsed');
    const replayer = new rrweb.Replayer(events, {
      root: document.getElementById('stage'),
      speed: 1,
      skipInactive: true,
      mouseTail: { strokeStyle: '#dc2626', lineWidth: 3, duration: 800 },
      showWarning: false,
      triggerFocus: false,
      UNSAFE_replayCanvas: false,
    });
    performance.mark('bare:built');
    replayer.pause(0);
    performance.mark('tabreel:replay-loaded');
    window.__replayer = replayer;
  } catch (error) {
    window.__benchError = String(error);
    performance.mark('tabreel:replay-failed');
  }
})();
