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

/** One node of the neurons view: an input, a neuron or the loss, drawn as a record of `fields`. */
export interface NeuronNode {
  id: string;
  /** The record's fields as they read, before any escaping; a field may hold several lines. */
  fields: string[];
  role: 'input' | 'loss' | undefined;
}

/** An edge of the neurons view: one per weight (with its numbers), or a last neuron into the loss. */
export interface NeuronEdge {
  from: string;
  to: string;
  /** The weight this edge stands for; undefined for the edges into the loss. */
  weight: { name: string; data: number; grad: number; label: string } | undefined;
}

/** The neurons view as the DOT writer and the layered engine both draw it, so they show the same text. */
export interface NeuronViewModel {
  /** `inputs`, then `layer 1`, `layer 2`, ...: one column of nodes each, drawn as a titled cluster. */
  columns: { title: string; nodes: NeuronNode[] }[];
  /** The loss node, outside every cluster; undefined without a loss. */
  loss: NeuronNode | undefined;
  edges: NeuronEdge[];
}

/**
 * The nodes and edges of the `neurons` view: one node per input, per neuron and for the loss, one
 * edge per weight labelled with its data and grad. With a single input the nodes also show the
 * values flowing through (each input, each neuron's output); with several there is no one value to
 * show, so they show only parameters.
 */
export function neuronViewModel(source: NeuronViewSource, options: DotOptions): NeuronViewModel {
  const { network, inputs, lossKind, root } = source;
  const number = (x: number): string => formatFixed(x, options.precision);
  const single = inputs.length === 1;
  const nin = network.sizes[0] as number;
  const inputNodes: NeuronNode[] = [];
  for (let i = 0; i < nin; i++) {
    const fields = [`x${i + 1}`];
    if (single) fields.push(number((inputs[0] as number[])[i] as number));
    inputNodes.push({ id: `x${i + 1}`, fields, role: 'input' });
  }
  const columns = [{ title: 'inputs', nodes: inputNodes }];
  network.layers.forEach((layer, l) => {
    const nodes = layer.neurons.map((neuron, n): NeuronNode => {
      const fields = [`neuron ${n + 1} · ${OP_NAMES[neuron.activation]}`, valueField('b', neuron.b, options)];
      const out = single ? source.neuronOutputs[0]?.[l]?.[n] : undefined;
      if (out !== undefined) fields.push(valueField('out', out, options));
      return { id: neuronId(l, n), fields, role: undefined };
    });
    columns.push({ title: `layer ${l + 1}`, nodes });
  });

  let loss: NeuronNode | undefined;
  if (lossKind !== null) {
    const fields = [`loss (${lossKind})`, `data ${number(root.data)}`];
    if (options.grad) fields.push(`grad ${number(root.grad)}`);
    loss = { id: 'loss', fields, role: 'loss' };
  }

  const edges: NeuronEdge[] = [];
  network.layers.forEach((layer, l) => {
    layer.neurons.forEach((neuron, n) => {
      neuron.w.forEach((w, i) => {
        const from = l === 0 ? `x${i + 1}` : neuronId(l - 1, i);
        const label = options.grad ? `w${i + 1} ${number(w.data)}\ngrad ${number(w.grad)}` : `w${i + 1} ${number(w.data)}`;
        const name = `layer${l + 1}.neuron${n + 1}.w${i + 1}`;
        edges.push({ from, to: neuronId(l, n), weight: { name, data: w.data, grad: w.grad, label } });
      });
    });
  });
  if (loss !== undefined) {
    const last = network.layers.length - 1;
    network.layers[last]?.neurons.forEach((_, n) => edges.push({ from: neuronId(last, n), to: 'loss', weight: undefined }));
  }
  return { columns, loss, edges };
}

/**
 * The `neurons` view as DOT, layers in clusters. A network of 337 parameters on 100 points is
 * 65,818 values in the `values` view, but 37 nodes and 304 edges here.
 */
export function neuronViewDot(source: NeuronViewSource, options: DotOptions): string {
  checkDotOptions(options);
  const model = neuronViewModel(source, options);
  const palette = PALETTES[options.theme];
  const lines: string[] = ['digraph {'];
  lines.push(`  graph [rankdir="${options.rankdir}" bgcolor="${palette.background}" ranksep="1.2"]`);
  const fill = palette.fill === undefined ? '' : ` style="filled" fillcolor="${palette.fill}"`;
  lines.push(`  node [shape="record" color="${palette.line}" fontcolor="${palette.text}"${fill}]`);
  lines.push(`  edge [color="${palette.line}" fontcolor="${palette.text}" fontsize="10"]`);
  model.columns.forEach((column, c) => {
    openCluster(lines, c, column.title, palette);
    for (const node of column.nodes) lines.push(`    ${nodeLine(node, palette)}`);
    lines.push('  }');
  });
  if (model.loss !== undefined) lines.push(`  ${nodeLine(model.loss, palette)}`);
  for (const edge of model.edges) {
    const label = edge.weight === undefined ? '' : ` [label="${escapeLabel(edge.weight.label)}"]`;
    lines.push(`  ${edge.from} -> ${edge.to}${label}`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function neuronId(layer: number, neuron: number): string {
  return `l${layer + 1}n${neuron + 1}`;
}

function nodeLine(node: NeuronNode, palette: Palette): string {
  const label = `{ ${node.fields.map(escapeRecordField).join(' | ')} }`;
  const fill = node.role === undefined ? '' : ` style="filled" fillcolor="${palette.roles[node.role]}"`;
  return `${node.id} [label="${label}"${fill}]`;
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
