/* global window, rrweb */
// The anchor arm: rrweb's record() started by the page itself, with the options Tabreel's recorder
// passes (extension/page/recorder.ts and privacy-options.ts, default level mask-inputs), and an emit that only keeps the
// events. What the extension costs beyond this is Tabreel's own pipeline. Starts at once with the
// UMD build's global; with the ES module build, bare-rrweb-esm.js calls window.__startAnchor.
window.__startAnchor = (record) => {
  let events = [];
  let count = 0;
  window.__anchor = {
    count: () => count,
    /** Called after each workload: events live about as long as in the relay's outbox. */
    clear: () => {
      events = [];
    },
  };
  record({
    emit: (event) => {
      events.push(event);
      count += 1;
    },
    recordCrossOriginIframes: true,
    recordAfter: 'DOMContentLoaded',
    userTriggeredOnInput: true,
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    sampling: { mousemove: 50, scroll: 150, media: 800, input: 'last' },
    slimDOMOptions: {
      script: true,
      comment: true,
      headFavicon: false,
      headWhitespace: true,
      headMetaSocial: true,
      headMetaRobots: true,
      headMetaHttpEquiv: true,
      headMetaAuthorship: true,
      headMetaVerification: true,
    },
    // The privacy options the recorder passes at its default level (privacy-options.ts): every
    // field masked, hidden ones included, and the text of editable regions. rrweb checks that
    // selector against every added node's ancestors, a cost any rrweb recorder masking them pays;
    // until 2026-11-29 this arm passed maskAllInputs instead and the extension paid it alone.
    maskAllInputs: false,
    maskInputOptions: Object.fromEntries(
      [
        'color',
        'date',
        'datetime-local',
        'email',
        'month',
        'number',
        'range',
        'search',
        'tel',
        'text',
        'time',
        'url',
        'week',
        'textarea',
        'select',
        'password',
        'hidden',
      ].map((kind) => [kind, true]),
    ),
    // The recorder's also looks at the field's kind; no workload here has a field.
    maskInputFn: (text) => '*'.repeat(text.length),
    maskTextSelector: '[contenteditable]:not([contenteditable="false"])',
  });
};
if (window.rrweb) window.__startAnchor(rrweb.record);
