import { LECTURE } from '../helpers/programs.js';

/** A Markdown page as an author writes one: prose, our blocks, a broken program and a fence of another language. */

export const TINY_MLP = {
  layers: [2, 2, 1],
  inputs: [[1, 0], [0, 1]],
  targets: [1, -1],
  train: { steps: 5, learningRate: 0.05 },
};

export const BROKEN = "a = Value(2.0, label='a')\nb = a * tahn(a)";

export const DOCUMENT = [
  '# Backpropagation by hand',
  '',
  'The lecture example:',
  '',
  '```micrograd',
  LECTURE,
  '```',
  '',
  'Top to bottom, dark, forward only:',
  '',
  '```micrograd rankdir=TB theme=dark grad=false',
  'x = Value(3.0, label="x")',
  'y = x * x; y.label = "y"',
  '```',
  '',
  '```micrograd-mlp view=neurons',
  JSON.stringify(TINY_MLP),
  '```',
  '',
  '```micrograd-mlp chart=loss',
  JSON.stringify(TINY_MLP),
  '```',
  '',
  'A typo:',
  '',
  '```micrograd',
  BROKEN,
  '```',
  '',
  '```python',
  'print("left alone")',
  '```',
  '',
].join('\n');

/** The figures of a built page, in order: each inline SVG or image, as markup. */
export function figures(html: string): string[] {
  return [...html.matchAll(/<div class="gradviz[^"]*">[\s\S]*?<\/svg><\/div>|<img [^>]*class="gradviz"[^>]*>|<img [^>]*src="[^"]*\/v1\/[^>]*>/g)].map((m) => m[0]);
}
