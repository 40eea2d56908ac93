// Builds the <gradviz-graph> web component (web/component/) into dist/component/gradviz-graph.js:
// one self-contained ES module, under a stable name, since pages embed its URL.
//
//   tsx scripts/build-component.ts [--out dir]

import { build } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const COMPONENT_FILE = 'gradviz-graph.js';
export const DEFAULT_COMPONENT_DIR = join(PROJECT, 'dist', 'component');

export async function buildComponent(outDir: string = DEFAULT_COMPONENT_DIR): Promise<string> {
  const result = await build({
    absWorkingDir: PROJECT,
    entryPoints: [join(PROJECT, 'web', 'component', 'gradviz-graph.ts')],
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
    platform: 'browser',
    tsconfig: join(PROJECT, 'web', 'tsconfig.json'),
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no component');
  const path = join(outDir, COMPONENT_FILE);
  await mkdir(outDir, { recursive: true });
  // Written beside its place and renamed, so a server never reads half a file.
  const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, output.contents);
  await rename(temporary, path);
  return path;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outAt = process.argv.indexOf('--out');
  buildComponent(outAt === -1 ? undefined : process.argv[outAt + 1]).then(
    (path) => console.log(`component built: ${path}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
