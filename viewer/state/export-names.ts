// What an exported file is named: loaded when the person exports, since the bundle format's
// module (its valibot schemas) is not needed to open a session (P1).
export { exportFileName } from '../../shared/bundle/bundle-file-name';
export { RRWEB_JSON_EXTENSION } from '../../shared/bundle/rrweb-json';
export { HTML_EXPORT_EXTENSION } from '../../shared/bundle/html-export';
