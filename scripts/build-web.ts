// Builds the playground (web/) into dist/public: one script and one stylesheet, bundled by esbuild
// with content hashes in their names so the service can cache them for a year, and index.html
// pointing at them. Nothing is fetched from a CDN: the service serves every byte the page needs.
//
//   tsx scripts/build-web.ts [--out dir] [--no-minify]

import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
  // Build beside the target and swap it in whole, so a server (or a parallel build) never sees half a bundle.
  const staging = `${outDir}.building-${process.pid}-${Date.now()}`;
  await rm(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: PROJECT,
    entryPoints: { main: join(WEB_DIR, 'src', 'main.ts'), styles: join(WEB_DIR, 'styles.css') },
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    tsconfig: join(WEB_DIR, 'tsconfig.json'),
    outdir: staging,
    entryNames: '[name]-[hash]',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    metafile: true,
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
  const styles = named('styles.css');
  const template = await readFile(join(WEB_DIR, 'index.html'), 'utf8');
  const html = replaceOnce(replaceOnce(template, 'src="main.js"', `src="${script}"`), 'href="styles.css"', `href="${styles}"`);
  await writeFile(join(staging, 'index.html'), html);
  for (const file of STATIC_FILES) await copyFile(join(WEB_DIR, file), join(staging, file));

  await swapIn(staging, outDir);
  const files = ['index.html', script, `${script}.map`, styles, `${styles}.map`, ...STATIC_FILES];
  return { outDir, files };
}

/** Replaces outDir by staging; retries when a parallel build swapped its own in between. */
async function swapIn(staging: string, outDir: string): Promise<void> {
  await mkdir(dirname(outDir), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const old = `${outDir}.old-${process.pid}-${Date.now()}-${attempt}`;
    await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(staging, outDir);
      await rm(old, { recursive: true, force: true });
      return;
    } catch (error) {
      await rm(old, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 5) throw error;
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
