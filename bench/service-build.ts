/**
 * The service's own code compiled by tsc, as `npm run build` compiles it for `npm start` and the
 * container, so that the layout bench times the code that serves requests. Through tsx, which the
 * bench scripts themselves run under, every function a layout creates is also given its name at
 * run time (esbuild's keepNames): the lecture picture took about 1.6 times as long that way.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the bench compiles the service (ignored by git, like every bench output). */
const OUT = fileURLToPath(new URL('../.bench-output/service/', import.meta.url));
/** Tells the bench's child processes where the compiled service is. */
const ENV = 'GRADVIZ_BENCH_SERVICE';

/** Compiles `src/` into the bench's output folder (a few seconds) and tells child processes where. */
export function buildService(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = fileURLToPath(new URL('../', import.meta.url));
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', OUT, '--declaration', 'false'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('compiling the service for the bench failed');
  process.env[ENV] = OUT;
}

/** The modules a layout bench times: compiled if buildService ran in this process or its parent, else the sources. */
export interface ServiceModules {
  dot: typeof import('../src/graph/dot.js');
  layout: typeof import('../src/layout/index.js');
  writer: typeof import('../src/layout/svg-writer.js');
  graphviz: typeof import('../src/render/graphviz.js');
}

export async function serviceModules(): Promise<ServiceModules> {
  const dir = process.env[ENV];
  if (dir === undefined) {
    return {
      dot: await import('../src/graph/dot.js'),
      layout: await import('../src/layout/index.js'),
      writer: await import('../src/layout/svg-writer.js'),
      graphviz: await import('../src/render/graphviz.js'),
    };
  }
  const load = (path: string) => import(pathToFileURL(join(dir, path)).href);
  return {
    dot: (await load('graph/dot.js')) as ServiceModules['dot'],
    layout: (await load('layout/index.js')) as ServiceModules['layout'],
    writer: (await load('layout/svg-writer.js')) as ServiceModules['writer'],
    graphviz: (await load('render/graphviz.js')) as ServiceModules['graphviz'],
  };
}
