import type { Value } from '../engine/index.js';
import type { MlpResult } from '../nn/run-mlp.js';
import { checkDotOptions, type DotOptions } from './dot.js';
import { escapeLabel, escapeRecordField } from './escape.js';
import { formatFixed } from './format.js';
import { PALETTES, type Palette } from './palette.js';

/** What the neurons view is drawn from: the network after the final pass, its inputs and its loss. */
export type NeuronViewSource = Pick<MlpResult, 'network' | 'inputs' | 'lossKind' | 'root' | 'neuronOutputs'>;

export type MlpView = 'values' | 'neurons';

const OP_NAMES = { tanh: 'tanh', relu: 'ReLU', sigmoid: 'sigmoid', linear: 'linear' } as const;

/**
 * The `neurons` view of an MLP: one node per input, per neuron and for the loss, one edge per
 * weight labelled with its data and grad, layers in clusters. A network of 337 parameters on 100
 * points is 65,818 values in the `values` view, but 37 nodes and 304 edges here.
 *
 * With a single input the nodes also show the values flowing through (each input, each neuron's
 * output); with several there is no one value to show, so they show only parameters.
 */
export function neuronViewDot(source: NeuronViewSource, options: DotOptions): string {
  checkDotOptions(options);
  const { network, inputs, lossKind, root } = source;
  const palette = PALETTES[options.theme];
  const number = (x: number): string => formatFixed(x, options.precision);
  const single = inputs.length === 1;
  const lines: string[] = ['digraph {'];
  lines.push(`  graph [rankdir="${options.rankdir}" bgcolor="${palette.background}" ranksep="1.2"]`);
  const fill = palette.fill === undefined ? '' : ` style="filled" fillcolor="${palette.fill}"`;
  lines.push(`  node [shape="record" color="${palette.line}" fontcolor="${palette.text}"${fill}]`);
  lines.push(`  edge [color="${palette.line}" fontcolor="${palette.text}" fontsize="10"]`);

  const nin = network.sizes[0] as number;
  openCluster(lines, 0, 'inputs', palette);
  for (let i = 0; i < nin; i++) {
    const fields = [`x${i + 1}`];
    if (single) fields.push(number((inputs[0] as number[])[i] as number));
    lines.push(`    x${i + 1} [label="${record(fields)}" style="filled" fillcolor="${palette.roles.input}"]`);
  }
  lines.push('  }');

  network.layers.forEach((layer, l) => {
    openCluster(lines, l + 1, `layer ${l + 1}`, palette);
    layer.neurons.forEach((neuron, n) => {
      const fields = [`neuron ${n + 1} · ${OP_NAMES[neuron.activation]}`, valueField('b', neuron.b, options)];
      const out = single ? source.neuronOutputs[0]?.[l]?.[n] : undefined;
      if (out !== undefined) fields.push(valueField('out', out, options));
      lines.push(`    ${neuronId(l, n)} [label="${record(fields)}"]`);
    });
    lines.push('  }');
  });

  if (lossKind !== null) {
    const fields = [`loss (${lossKind})`, `data ${number(root.data)}`];
    if (options.grad) fields.push(`grad ${number(root.grad)}`);
    lines.push(`  loss [label="${record(fields)}" style="filled" fillcolor="${palette.roles.loss}"]`);
  }

  network.layers.forEach((layer, l) => {
    layer.neurons.forEach((neuron, n) => {
      neuron.w.forEach((w, i) => {
        const from = l === 0 ? `x${i + 1}` : neuronId(l - 1, i);
        const text = options.grad ? `w${i + 1} ${number(w.data)}\ngrad ${number(w.grad)}` : `w${i + 1} ${number(w.data)}`;
        lines.push(`  ${from} -> ${neuronId(l, n)} [label="${escapeLabel(text)}"]`);
      });
    });
  });
  if (lossKind !== null) {
    const last = network.layers.length - 1;
    network.layers[last]?.neurons.forEach((_, n) => lines.push(`  ${neuronId(last, n)} -> loss`));
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function neuronId(layer: number, neuron: number): string {
  return `l${layer + 1}n${neuron + 1}`;
}

function record(fields: readonly string[]): string {
  return `{ ${fields.map(escapeRecordField).join(' | ')} }`;
}

function valueField(name: string, value: Value, options: DotOptions): string {
  const data = `${name} ${formatFixed(value.data, options.precision)}`;
  return options.grad ? `${data}\ngrad ${formatFixed(value.grad, options.precision)}` : data;
}

function openCluster(lines: string[], index: number, title: string, palette: Palette): void {
  lines.push(`  subgraph cluster_${index} {`);
  lines.push(
    `    graph [label="${escapeLabel(title)}" style="rounded" color="${palette.cluster}" fontcolor="${palette.clusterText}"]`,
  );
}

