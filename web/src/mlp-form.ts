// The MLP form: its fields as text (what the URL keeps), and the request they describe.

import type { MlpRequest } from './api.js';
import type { MlpSpec } from '../../src/nn/spec.js';

/** `''`: the network's own activation for its init. */
export type ActivationChoice = '' | 'tanh' | 'relu' | 'sigmoid' | 'linear';
/** `''`: the inputs and targets typed into the form. */
export type DataChoice = '' | 'moons' | 'circles' | 'blobs' | 'xor' | 'spiral' | 'gauss';

export interface MlpSettings {
  layers: string;
  init: 'lecture' | 'micrograd';
  activation: ActivationChoice;
  seed: string;
  loss: 'sse' | 'mse' | 'hinge';
  l2: string;
  steps: string;
  learningRate: string;
  decay: boolean;
  /** Points per step; '' for the whole data set. */
  batchSize: string;
  view: 'neurons' | 'values';
  dataset: DataChoice;
  samples: string;
  noise: string;
  datasetSeed: string;
  inputs: string;
  targets: string;
}

export class FormError extends Error {
  constructor(
    readonly field: keyof MlpSettings,
    message: string,
  ) {
    super(message);
  }
}

const TEXT_FIELDS = [
  'layers',
  'seed',
  'l2',
  'steps',
  'learningRate',
  'batchSize',
  'samples',
  'noise',
  'datasetSeed',
  'inputs',
  'targets',
] as const;
const SELECT_FIELDS = ['init', 'activation', 'loss', 'view', 'dataset'] as const;

export class MlpForm {
  constructor(readonly form: HTMLFormElement) {}

  private field(name: keyof MlpSettings | 'schedule'): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
    const element = this.form.elements.namedItem(name);
    if (
      !(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)
    ) {
      throw new Error(`the MLP form has no field ${name}`);
    }
    return element;
  }

  read(): MlpSettings {
    const text = (name: (typeof TEXT_FIELDS)[number]): string => this.field(name).value;
    return {
      layers: text('layers'),
      init: this.field('init').value as MlpSettings['init'],
      activation: this.field('activation').value as ActivationChoice,
      seed: text('seed'),
      loss: this.field('loss').value as MlpSettings['loss'],
      l2: text('l2'),
      steps: text('steps'),
      learningRate: text('learningRate'),
      decay: this.field('schedule').value === 'decay',
      batchSize: text('batchSize'),
      view: this.field('view').value as MlpSettings['view'],
      dataset: this.field('dataset').value as DataChoice,
      samples: text('samples'),
      noise: text('noise'),
      datasetSeed: text('datasetSeed'),
      inputs: text('inputs'),
      targets: text('targets'),
    };
  }

  write(settings: MlpSettings): void {
    for (const name of TEXT_FIELDS) this.field(name).value = settings[name];
    for (const name of SELECT_FIELDS) this.field(name).value = settings[name];
    this.field('schedule').value = settings.decay ? 'decay' : 'constant';
    this.showDataFields();
    this.markInvalid(undefined);
  }

  /** A data set replaces the typed inputs and targets: only one kind of data shows at a time. */
  showDataFields(): void {
    const generated = this.field('dataset').value !== '';
    for (const element of this.form.querySelectorAll<HTMLElement>('[data-for="dataset"]')) element.hidden = !generated;
    for (const element of this.form.querySelectorAll<HTMLElement>('[data-for="inputs"]')) element.hidden = generated;
  }

  markInvalid(field: keyof MlpSettings | undefined): void {
    for (const element of this.form.querySelectorAll('[aria-invalid="true"]')) element.removeAttribute('aria-invalid');
    if (field !== undefined) {
      const element = this.field(field);
      element.setAttribute('aria-invalid', 'true');
      element.focus();
    }
  }
}

/** The request the settings describe, as the service takes it; a FormError names the field that does not parse. */
export function toRequest(settings: MlpSettings): MlpRequest {
  return { ...toSpec(settings), options: { view: settings.view } } as MlpRequest;
}

/** The network, data and training the settings describe: what the service and the page's trainer both take. */
export function toSpec(settings: MlpSettings): MlpSpec {
  const layers = numbers(settings.layers, 'layers');
  if (layers.length < 2 || layers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new FormError('layers', 'layers: the number of inputs, then at least one layer size (whole numbers, e.g. 3, 4, 4, 1)');
  }
  const seed = settings.seed.trim();
  if (!/^[+-]?\d+$/.test(seed)) throw new FormError('seed', 'seed: a whole number');
  const steps = number(settings.steps, 'steps');
  if (!Number.isInteger(steps) || steps < 0) throw new FormError('steps', 'training steps: a whole number, 0 or more');
  const learningRate = number(settings.learningRate, 'learningRate');
  const l2 = number(settings.l2, 'l2');
  const batchSize = settings.batchSize.trim() === '' ? undefined : number(settings.batchSize, 'batchSize');
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new FormError('batchSize', 'batch size: a whole number, 1 or more (empty for the whole data set)');
  }
  const spec: MlpSpec = {
    layers,
    init: settings.init,
    // Past 2^53 a JSON number loses digits; the API takes such seeds as strings.
    seed: Number.isSafeInteger(Number(seed)) ? Number(seed) : seed,
    ...(settings.activation === '' ? {} : { activation: settings.activation }),
    ...dataOf(settings, layers[0] ?? 0),
    loss: settings.loss,
  };
  if (l2 !== 0) spec.l2 = l2;
  if (steps > 0) {
    spec.train = {
      steps,
      learningRate,
      ...(settings.decay ? { decay: true } : {}),
      ...(batchSize === undefined ? {} : { batchSize }),
    };
  }
  return spec;
}

function dataOf(settings: MlpSettings, nin: number): Pick<MlpSpec, 'dataset' | 'inputs' | 'targets'> {
  if (settings.dataset !== '') {
    const samples = number(settings.samples, 'samples');
    if (!Number.isInteger(samples) || samples < 1) throw new FormError('samples', 'samples: a whole number, 1 or more');
    const noise = number(settings.noise, 'noise');
    if (noise < 0) throw new FormError('noise', 'noise: a number, 0 or more');
    const seed = number(settings.datasetSeed, 'datasetSeed');
    if (!Number.isInteger(seed) || seed < 0) throw new FormError('datasetSeed', 'data seed: a whole number, 0 or more');
    return { dataset: { name: settings.dataset, samples, noise, seed } };
  }
  const inputs = rows(settings.inputs).map((values, row) => {
    if (values.length !== nin) {
      throw new FormError('inputs', `inputs, row ${row + 1}: ${values.length} numbers, the network takes ${nin}`);
    }
    return values;
  });
  if (inputs.length === 0) throw new FormError('inputs', 'inputs: give at least one row');
  const targets = numbers(settings.targets, 'targets');
  if (targets.length !== inputs.length) {
    throw new FormError('targets', `targets: ${targets.length} numbers for ${inputs.length} rows of inputs`);
  }
  return { inputs, targets };
}

/** Rows as lines of numbers, or as a JSON list of lists (as the lecture writes them). */
function rows(text: string): number[][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new FormError('inputs', 'inputs: not a JSON list of lists of numbers');
    }
    if (!Array.isArray(parsed) || !parsed.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) {
      throw new FormError('inputs', 'inputs: not a JSON list of lists of numbers');
    }
    return parsed as number[][];
  }
  return trimmed
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => numbers(line, 'inputs'));
}

function numbers(text: string, field: keyof MlpSettings): number[] {
  const parts = text
    .replace(/[[\]]/g, ' ')
    .split(/[\s,;]+/)
    .filter((part) => part !== '');
  return parts.map((part) => number(part, field));
}

function number(text: string, field: keyof MlpSettings): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new FormError(field, `${field}: '${text.trim()}' is not a number`);
  }
  return value;
}
