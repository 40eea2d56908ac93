import { Graphviz } from '@hpcc-js/wasm-graphviz';

// The instance being loaded or in use; undefined until the first load and after any failure.
let pending: Promise<Graphviz> | undefined;
let loaded: Graphviz | undefined;

function instance(): Promise<Graphviz> {
  if (pending === undefined) {
    const loading = Graphviz.load().then(
      (graphviz) => {
        if (pending === loading) loaded = graphviz;
        return graphviz;
      },
      (error: unknown) => {
        if (pending === loading) pending = undefined;
        throw error;
      },
    );
    pending = loading;
  }
  return pending;
}

/** Compiles the wasm module once (about 85 ms); later calls share it. */
export async function loadGraphviz(): Promise<void> {
  await instance();
}

export function isGraphvizLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * Lays out `dot` with the `dot` engine and returns the SVG. Layout is synchronous and blocks the
 * thread; run it in a worker for anything large.
 *
 * After any failure the instance is dropped and the next call loads a fresh one: a crash inside
 * the wasm (a stack overflow, say) leaves the module's memory corrupted, and every later layout on
 * it fails with "memory access out of bounds".
 */
export async function renderSvg(dot: string): Promise<string> {
  const graphviz = await current();
  try {
    const svg = graphviz.layout(dot, 'svg', 'dot');
    // The library answers an empty source with an empty string instead of an error.
    if (svg === '') throw new Error('Graphviz produced no SVG');
    return svg;
  } catch (error) {
    drop();
    throw error;
  }
}

/** The live instance, skipping one that another call dropped while this one waited for it. */
async function current(): Promise<Graphviz> {
  for (;;) {
    const awaited = instance();
    const graphviz = await awaited;
    if (awaited === pending) return graphviz;
  }
}

function drop(): void {
  pending = undefined;
  loaded = undefined;
  // Also forgets the library's own memoised module, so the next load instantiates new memory.
  Graphviz.unload();
}
