/**
 * `npm run build:web` (part of `npm run build`): bundles the web pages (web/src) with esbuild into
 * dist/web, which the gateway serves (apps/gateway/src/web-client):
 * - dist/web/index.html (the buyer's page, at /) and dist/web/organizer.html (at /organizer);
 * - dist/web/assets/: minified ES modules and the style sheet, every name carrying its content's
 *   hash, so they may be cached for good; code both pages use is split into a shared chunk.
 * Writes dist/web/build-report.json (each page's JavaScript, raw and gzipped) and fails when a
 * page needs more than WEB_JS_BUDGET_GZIP_BYTES of JavaScript gzipped, or when an output carries
 * something that looks like a secret.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'web', 'src');
export const WEB_OUT_DIR = path.join(ROOT, 'dist', 'web');
const ASSETS = 'assets';

/** The aim: under 100 kB of JavaScript gzipped per page. */
export const WEB_JS_BUDGET_GZIP_BYTES = 100 * 1024;

/** The pages: their HTML template, entry module and the file the gateway serves. */
const PAGES = {
  buyer: { template: 'pages/buyer.html', entry: 'buyer/main.tsx', html: 'index.html' },
  organizer: { template: 'pages/organizer.html', entry: 'organizer/main.tsx', html: 'organizer.html' },
} as const;
type PageName = keyof typeof PAGES;

/** Strings that must never reach a page (the page is public: it holds no key of the system). */
const FORBIDDEN = ['dev-admin-key', 'INTERNAL_ASSERTION_KEY', 'QUEUE_TOKEN_SECRET', 'BEGIN PRIVATE KEY'];

export interface PageReport {
  html: string;
  scripts: string[];
  jsBytes: number;
  jsGzipBytes: number;
}

async function main(): Promise<void> {
  rmSync(WEB_OUT_DIR, { recursive: true, force: true });
  mkdirSync(path.join(WEB_OUT_DIR, ASSETS), { recursive: true });

  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      ...Object.fromEntries(Object.entries(PAGES).map(([name, page]) => [name, path.join(SOURCE, page.entry)])),
      style: path.join(SOURCE, 'styles', 'app.css'),
    },
    outdir: path.join(WEB_OUT_DIR, ASSETS),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(ROOT, 'web', 'tsconfig.json'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });

  const style = outputOf(result.metafile, path.join('web', 'src', 'styles', 'app.css'));
  const report: Record<string, PageReport> = {};
  for (const [name, page] of Object.entries(PAGES) as Array<[PageName, (typeof PAGES)[PageName]]>) {
    const entry = outputOf(result.metafile, path.join('web', 'src', page.entry));
    const scripts = [entry, ...staticImportsOf(result.metafile, entry)];
    const template = readFileSync(path.join(SOURCE, page.template), 'utf8');
    const html = template
      .replace('<!-- style -->', `<link rel="stylesheet" href="/${style}">`)
      .replace(
        '<!-- scripts -->',
        [...scripts.slice(1).map((chunk) => `<link rel="modulepreload" href="/${chunk}">`), `<script type="module" src="/${entry}"></script>`].join('\n    '),
      );
    writeFileSync(path.join(WEB_OUT_DIR, page.html), html);
    const bytes = scripts.map((file) => readFileSync(path.join(WEB_OUT_DIR, file)));
    report[name] = {
      html: page.html,
      scripts,
      jsBytes: bytes.reduce((sum, content) => sum + content.length, 0),
      jsGzipBytes: bytes.reduce((sum, content) => sum + gzipSync(content, { level: 9 }).length, 0),
    };
  }

  assertNoSecrets(result.metafile);
  writeFileSync(path.join(WEB_OUT_DIR, 'build-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, page] of Object.entries(report)) {
    console.log(`[web] ${name}: ${page.html}, ${page.scripts.length} scripts, ${kB(page.jsBytes)} kB of JavaScript, ${kB(page.jsGzipBytes)} kB gzipped`);
  }
  const over = Object.entries(report).filter(([, page]) => page.jsGzipBytes > WEB_JS_BUDGET_GZIP_BYTES);
  if (over.length > 0) {
    throw new Error(`over the budget of ${kB(WEB_JS_BUDGET_GZIP_BYTES)} kB of JavaScript gzipped: ${over.map(([name]) => name).join(', ')}`);
  }
}

/** The output file (relative to dist/web) built from `entryPoint` (relative to the repository). */
function outputOf(metafile: Metafile, entryPoint: string): string {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint === entryPoint && !file.endsWith('.map')) return path.relative(WEB_OUT_DIR, path.join(ROOT, file)).split(path.sep).join('/');
  }
  throw new Error(`esbuild built nothing from ${entryPoint}`);
}

/** The chunks an output imports statically, transitively (each once). */
function staticImportsOf(metafile: Metafile, output: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const meta = metafile.outputs[path.relative(ROOT, path.join(WEB_OUT_DIR, file)).split(path.sep).join('/')];
    for (const imported of meta?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external) continue;
      const relative = path.relative(WEB_OUT_DIR, path.join(ROOT, imported.path)).split(path.sep).join('/');
      if (seen.has(relative)) continue;
      seen.add(relative);
      visit(relative);
    }
  };
  visit(output);
  return [...seen];
}

function assertNoSecrets(metafile: Metafile): void {
  for (const file of Object.keys(metafile.outputs)) {
    const content = readFileSync(path.join(ROOT, file), 'utf8');
    const found = FORBIDDEN.find((secret) => content.includes(secret));
    if (found) throw new Error(`${file} contains "${found}": a page must hold no secret of the system`);
  }
}

function kB(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[web] build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
