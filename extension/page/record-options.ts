import type { recordOptions as RrwebRecordOptions } from 'rrweb';
import type { RecorderConfig } from '../../shared/messages/relay-to-page';
import { rrwebPrivacyOptions } from './privacy-options';

/**
 * How rrweb records a page under the person's settings (all but `emit`). It travels with rrweb in
 * the second script: the privacy options and field detection it holds were compiled at
 * document_start, in every frame, for nothing until rrweb arrives (npm run bench -- V1).
 */
export function recordOptions(config: RecorderConfig): Omit<RrwebRecordOptions<unknown>, 'emit'> {
  return {
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
    ...rrwebPrivacyOptions(config.privacyLevel, config),
  };
}
