/**
 * gradviz as a library: micrograd-style programs and MLPs evaluated, differentiated and drawn
 * in-process, with the service's default limits and budgets.
 */
export { render, renderMlp } from './render.js';
export { createRenderer, type SyncRenderer, type SyncRendererOptions } from './sync-renderer.js';
export { errorPicture } from './error-picture.js';
export { encodeSource } from './encode-source.js';
export {
  EXPRESSION_FORMATS,
  MLP_FORMATS,
  type DrawingOptions,
  type ExpressionFormat,
  type MlpFormat,
  type Rendered,
  type RenderMlpOptions,
  type RenderOptions,
} from './options.js';
export { GradvizError, type ErrorDetails, type ErrorKind } from '../errors.js';
export type { ExpressionAnswer } from '../jobs/expression.js';
export type { MlpAnswer, MlpRequest } from '../jobs/mlp.js';
export type { MlpSpec } from '../nn/spec.js';
export type { Theme } from '../graph/palette.js';
export type { MlpView } from '../graph/neuron-view.js';
