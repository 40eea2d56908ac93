import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// The image runs dist/ on `npm ci --omit=dev`. A package the service loads at run time but lists
// only under devDependencies passes every other test here, then stops the container at start.

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

// What survives compilation: value imports and re-exports (`import type` is erased), side-effect
// imports, dynamic imports, and files found with require.resolve (fonts, manifests).
const LOADS = [
  /^(?:import|export)\s+(?!type\b)[^'";]*?\bfrom\s+'([^']+)'/gm,
  /^import\s+'([^']+)'/gm,
  /\bimport\(\s*'([^']+)'\s*\)/g,
  /\brequire\.resolve\(\s*[`']([^`'$]+)/g,
  /\bmanifestVersion\(\s*'([^']+)'\s*\)/g,
];

/** The package a bare specifier names (`@scope/name/deep/file` is `@scope/name`); undefined for files and builtins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const [first = '', second = ''] = specifier.split('/');
  const name = first.startsWith('@') ? `${first}/${second}` : first;
  return builtinModules.includes(name) ? undefined : name;
}

/** Each package the service's sources load at run time, with the first file that loads it. */
function runtimePackages(): Map<string, string> {
  const found = new Map<string, string>();
  const files = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of LOADS) {
      for (const [, specifier = ''] of text.matchAll(pattern)) {
        const name = packageOf(specifier);
        if (name !== undefined && !found.has(name)) found.set(name, relative(root, file));
      }
    }
  }
  return found;
}

test('every package the service loads at run time is a production dependency', () => {
  const loaded = runtimePackages();
  // The scan sees imports, dynamic imports and resolved files alike.
  expect([...loaded.keys()]).toEqual(expect.arrayContaining(['fastify', '@hpcc-js/wasm-graphviz', 'dejavu-fonts-ttf', '@resvg/resvg-js']));
  const missing = [...loaded].filter(([name]) => !(name in manifest.dependencies)).map(([name, file]) => `${name} (${file})`);
  expect(missing).toEqual([]);
});

test('the scan tells runtime loads from what compilation erases', () => {
  const sample = [
    "import type { A } from 'types-only';",
    "import { b } from 'value-import';",
    "import {\n  c,\n  type D,\n} from 'multi-line';",
    "export { e } from 're-export';",
    "export type { F } from 'type-re-export';",
    "import 'side-effect';",
    "const g = await import('dynamic');",
    "const h = require.resolve(`fonts-pkg/ttf/${file}`);",
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'path';",
    "import x from './local.js';",
    "export const NOT_AN_IMPORT = 'not-a-package';",
  ].join('\n');
  const names = LOADS.flatMap((pattern) => [...sample.matchAll(pattern)].map(([, specifier = '']) => packageOf(specifier)));
  expect(names.filter((name) => name !== undefined).sort()).toEqual(
    ['dynamic', 'fonts-pkg', 'multi-line', 're-export', 'side-effect', 'value-import'],
  );
});
