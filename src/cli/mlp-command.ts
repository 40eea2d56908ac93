import { parseArgs } from 'node:util';
import { MLP_VIEWS, type MlpRequest } from '../jobs/mlp.js';
import { DEFAULT_MLP_LIMITS as LIMITS, mlpGraphSize, validateMlpSpec } from '../nn/index.js';
import { DEFAULT_MLP_LIMITS } from '../lib/defaults.js';
import { MLP_FORMATS, type MlpFormat, type RenderMlpOptions } from '../lib/options.js';
import { renderMlp } from '../lib/render.js';
import type { MlpView } from '../graph/neuron-view.js';
import { DRAWING_FLAGS, drawingOptionsOf } from './drawing-options.js';
import { formatOf, readInput, writeOutput } from './files.js';
import { MLP_HELP } from './help.js';
import { EXIT, type CliIo } from './io.js';
import { ProgressDisplay, type TrainingSize } from './progress.js';
import { reportError } from './report-error.js';
import { renderMlpWatched } from './training-thread.js';
import { InputError, UsageError } from './usage-error.js';

export interface MlpCommandSettings {
  /** Progress is drawn only for runs longer than this. */
  progressDelayMs: number;
}

/** `gradviz mlp [spec.json] [-o net.svg] [--view neurons] [--loss]`: an MLP trained and drawn in-process. */
export async function mlpCommand(args: string[], io: CliIo, settings: MlpCommandSettings = { progressDelayMs: 500 }): Promise<number> {
  const { values: flags, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...DRAWING_FLAGS, view: { type: 'string' }, loss: { type: 'boolean' } },
  });
  if (flags.help === true) {
    io.stdout.write(MLP_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`mlp takes one spec file, got ${positionals.length}`);
  if (flags.view !== undefined && !(MLP_VIEWS as readonly string[]).includes(flags.view)) {
    throw new UsageError(`--view must be one of ${MLP_VIEWS.join(', ')}, got '${flags.view}'`);
  }
  const picture = formatOf(flags.format, flags.out, MLP_FORMATS);
  if (flags.loss === true && picture !== 'svg' && picture !== 'png') throw new UsageError('--loss draws SVG or PNG only');
  const format: MlpFormat = flags.loss === true ? (`loss.${picture}` as MlpFormat) : picture;
  const options: RenderMlpOptions = { ...drawingOptionsOf(flags), format, ...(flags.view === undefined ? {} : { view: flags.view as MlpView }) };

  const input = await readInput(positionals[0], io);
  const spec = parseSpec(input.text, input.name);
  let body: string | Uint8Array;
  const size = trainingSize(spec);
  const progress = new ProgressDisplay(io, size, { delayMs: settings.progressDelayMs });
  try {
    // Only a terminal sees progress, and only training takes long enough to need it.
    body = progress.active && size.steps > 0
      ? await renderMlpWatched(spec, options, (stage) => progress.update(stage))
      : await renderMlp(spec, options);
  } catch (error) {
    progress.finish();
    const { message, code } = reportError(error, input.name);
    io.stderr.write(message);
    return code;
  }
  progress.finish();
  await writeOutput(flags.out, body, io);
  return EXIT.ok;
}

/** The spec as JSON; a syntax error is reported at its line and column, as a program's would be. */
function parseSpec(text: string, name: string): MlpRequest {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (at === null) throw new InputError(`not JSON: ${message}`, name);
    const before = text.slice(0, Number(at[1])).split('\n');
    throw new InputError(`not JSON: ${message}`, name, before.length, (before.at(-1)?.length ?? 0) + 1);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InputError('the spec must be a JSON object such as {"layers": [3, 4, 4, 1], "inputs": [[2, 3, -1]]}', name);
  }
  return spec as MlpRequest;
}

/** The work training will do; 0 steps for a spec that does not train or does not validate (the job says why). */
function trainingSize(spec: MlpRequest): TrainingSize {
  try {
    const valid = validateMlpSpec(spec, { ...LIMITS, ...DEFAULT_MLP_LIMITS });
    const graphValues = mlpGraphSize(valid.sizes, valid.activations, valid.inputs.length, valid.loss);
    return { steps: valid.train?.steps ?? 0, graphValues };
  } catch {
    return { steps: 0, graphValues: 0 };
  }
}
