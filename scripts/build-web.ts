// Builds the playground (web/) into dist/public: one script, one training worker and one stylesheet, bundled by esbuild
// with content hashes in their names so the service can cache them for a year, and index.html
// pointing at them. Nothing is fetched from a CDN: the service serves every byte the page needs.
//
//   tsx scripts/build-web.ts [--out dir] [--no-minify]

import { build } from 'esbuild';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = join(PROJECT, 'web');
export const DEFAULT_OUT_DIR = join(PROJECT, 'dist', 'public');

/** Served as they are. */
const STATIC_FILES = ['favicon.svg'];

export interface BuildWebOptions {
  outDir?: string;
  minify?: boolean;
}

export interface BuiltWeb {
  outDir: string;
  /** File names in outDir, index.html first. */
  files: string[];
}

export async function buildWeb(options: BuildWebOptions = {}): Promise<BuiltWeb> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const result = await build({
    absWorkingDir: PROJECT,
    // The worker bundles the service's own network and trainer (src/nn, src/engine): one engine.
    entryPoints: {
      main: join(WEB_DIR, 'src', 'main.ts'),
      'training-worker': join(WEB_DIR, 'src', 'training', 'worker.ts'),
      styles: join(WEB_DIR, 'styles.css'),
    },
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    tsconfig: join(WEB_DIR, 'tsconfig.json'),
    outdir: outDir,
    entryNames: '[name]-[hash]',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    metafile: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });

  const outputs = Object.entries(result.metafile.outputs).filter(([, meta]) => meta.entryPoint !== undefined);
  const named = (entry: string): string => {
    const found = outputs.find(([, meta]) => meta.entryPoint?.endsWith(entry));
    if (found === undefined) throw new Error(`esbuild wrote no output for ${entry}`);
    return basename(found[0]);
  };
  const script = named(join('src', 'main.ts'));
  const worker = named(join('training', 'worker.ts'));
  const styles = named('styles.css');
  let html = await readFile(join(WEB_DIR, 'index.html'), 'utf8');
  html = replaceOnce(html, 'src="main.js"', `src="${script}"`);
  html = replaceOnce(html, 'content="training-worker.js"', `content="${worker}"`);
  html = replaceOnce(html, 'href="styles.css"', `href="${styles}"`);

  // Each file is written beside its place and renamed into it, so a server (or a build running in
  // parallel, as test files do) never reads half a file, and an unchanged file never goes missing.
  await mkdir(outDir, { recursive: true });
  for (const output of result.outputFiles) await writeAtomically(output.path, output.contents);
  for (const file of STATIC_FILES) await writeAtomically(join(outDir, file), await readFile(join(WEB_DIR, file)));
  await writeAtomically(join(outDir, 'index.html'), html);

  const files = ['index.html', script, `${script}.map`, worker, `${worker}.map`, styles, `${styles}.map`, ...STATIC_FILES];
  await pruneOldAssets(outDir, new Set(files));
  return { outDir, files };
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/** Hashed assets of earlier builds; index.html no longer points at them. */
async function pruneOldAssets(outDir: string, current: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(outDir)) {
    if (!current.has(name) && /^(main|training-worker|styles)-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(name)) {
      await rm(join(outDir, name), { force: true });
    }
  }
}

function replaceOnce(text: string, needle: string, replacement: string): string {
  const at = text.indexOf(needle);
  if (at === -1 || text.indexOf(needle, at + 1) !== -1) {
    throw new Error(`web/index.html must contain ${needle} exactly once`);
  }
  return text.slice(0, at) + replacement + text.slice(at + needle.length);
}

async function main(argv: string[]): Promise<void> {
  const outAt = argv.indexOf('--out');
  const outDir = outAt === -1 ? undefined : argv[outAt + 1];
  const built = await buildWeb({ ...(outDir === undefined ? {} : { outDir }), minify: !argv.includes('--no-minify') });
  console.log(`playground built into ${built.outDir}: ${built.files.join(', ')}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
