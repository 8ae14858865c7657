// rrweb's ES build, as the extension bundles it: the same code without the bare property reads
// (`import_postcss.default.stringify;` …) that its own bundler left behind. Those reads keep
// postcss's two bundled copies, which only the Replayer uses, alive in every bundle, so each
// content script compiled and ran them at document_start in every frame (≈110 KB of the
// recorder's 231). Without them the bundler drops postcss wherever the Replayer is not imported.
// Likewise rrweb's top-level `var { addCustomEvent, addAnnotation } = record;` kept the whole
// recorder in the replay frame's script (218 KB → 156 KB), which the frame loads on every open.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** Bare reads of postcss's exports: `import_postcss$1.default.parse;`, `import_postcss.default;`. */
const BARE_POSTCSS_READ = /^import_postcss(?:\$\d+)?\.default(?:\.\w+)?;\n/gm;
/**
 * postcss's CommonJS wrapper, called at once: `__toESM((__commonJSMin(…))(), 1)`. The call's result
 * is all it gives, so it is marked pure: the bundler keeps it only where postcss is used.
 */
const POSTCSS_INIT = /(var import_postcss(?:\$\d+)? = \/\* @__PURE__ \*\/ __toESM(?:\$\d+)?\()\(/g;
/** `var postcss_default = import_postcss$1.default;`: a read kept even where nothing uses it. */
const POSTCSS_DEFAULT = /^var (postcss_default\w*) = (import_postcss(?:\$\d+)?)\.default;$/gm;
/**
 * `var { addCustomEvent, addAnnotation } = record;`: reads that keep the recorder in every bundle.
 * Each becomes a function that reads `record` only when called: unused, the recorder is dropped.
 */
const RECORD_DESTRUCTURING = /^var \{ ([\w, ]+) \} = record;$/gm;
const SOURCE_MAP_COMMENT = /^\/\/# sourceMappingURL=.*$/gm;

/** Writes the trimmed copy of rrweb's ES build under .tmp/ and returns its path. */
export function rrwebWithoutEagerPostcss(root: string): string {
  const source = createRequire(join(root, 'package.json')).resolve('rrweb');
  // `require` resolves the CommonJS build: the ES build sits beside it.
  const esm = join(dirname(source), 'rrweb.js');
  const code = readFileSync(esm, 'utf8');
  const inits = code.match(POSTCSS_INIT)?.length ?? 0;
  if (inits === 0) throw new Error(`rrweb's build changed: no postcss wrapper in ${esm}`);
  const recordReads = code.match(RECORD_DESTRUCTURING)?.length ?? 0;
  if (recordReads === 0) throw new Error(`rrweb's build changed: no reads of record in ${esm}`);
  const trimmed = code
    .replace(BARE_POSTCSS_READ, '')
    .replace(POSTCSS_INIT, '$1/* @__PURE__ */ (')
    // A function reads it only when called (the Replayer adapting CSS): unused, it is dropped.
    .replace(POSTCSS_DEFAULT, 'function $1(...args) {\n\treturn $2.default(...args);\n}')
    .replace(RECORD_DESTRUCTURING, (_, names: string) =>
      names
        .split(', ')
        .map((name) => `function ${name}(...args) {\n\treturn record.${name}(...args);\n}`)
        .join('\n'),
    )
    .replace(SOURCE_MAP_COMMENT, '');
  const out = resolve(root, '.tmp/rrweb/rrweb.js');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, trimmed);
  return out;
}
