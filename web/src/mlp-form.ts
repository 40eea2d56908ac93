// The MLP form: its fields as text (what the URL keeps), and the request they describe.

import type { MlpRequest } from './api.js';

export interface MlpSettings {
  layers: string;
  init: 'lecture' | 'micrograd';
  seed: string;
  loss: 'sse' | 'mse' | 'hinge';
  l2: string;
  steps: string;
  learningRate: string;
  decay: boolean;
  view: 'neurons' | 'values';
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

const TEXT_FIELDS = ['layers', 'seed', 'l2', 'steps', 'learningRate', 'inputs', 'targets'] as const;
const SELECT_FIELDS = ['init', 'loss', 'view'] as const;

export class MlpForm {
  constructor(readonly form: HTMLFormElement) {}

  private field(name: keyof MlpSettings): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
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
      seed: text('seed'),
      loss: this.field('loss').value as MlpSettings['loss'],
      l2: text('l2'),
      steps: text('steps'),
      learningRate: text('learningRate'),
      decay: (this.field('decay') as HTMLInputElement).checked,
      view: this.field('view').value as MlpSettings['view'],
      inputs: text('inputs'),
      targets: text('targets'),
    };
  }

  write(settings: MlpSettings): void {
    for (const name of TEXT_FIELDS) this.field(name).value = settings[name];
    for (const name of SELECT_FIELDS) this.field(name).value = settings[name];
    (this.field('decay') as HTMLInputElement).checked = settings.decay;
    this.markInvalid(undefined);
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

/** The request the settings describe; a FormError names the field that does not parse. */
export function toRequest(settings: MlpSettings): MlpRequest {
  const layers = numbers(settings.layers, 'layers');
  if (layers.length < 2 || layers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new FormError('layers', 'layers: the number of inputs, then at least one layer size (whole numbers, e.g. 3, 4, 4, 1)');
  }
  const nin = layers[0] ?? 0;
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
  const seed = settings.seed.trim();
  if (!/^[+-]?\d+$/.test(seed)) throw new FormError('seed', 'seed: a whole number');
  const steps = number(settings.steps, 'steps');
  if (!Number.isInteger(steps) || steps < 0) throw new FormError('steps', 'training steps: a whole number, 0 or more');
  const learningRate = number(settings.learningRate, 'learningRate');
  const l2 = number(settings.l2, 'l2');
  const request: MlpRequest = {
    layers,
    init: settings.init,
    // Past 2^53 a JSON number loses digits; the API takes such seeds as strings.
    seed: Number.isSafeInteger(Number(seed)) ? Number(seed) : seed,
    inputs,
    targets,
    loss: settings.loss,
    options: { view: settings.view },
  };
  if (l2 !== 0) request.l2 = l2;
  if (steps > 0) request.train = { steps, learningRate, ...(settings.decay ? { decay: true } : {}) };
  return request;
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
