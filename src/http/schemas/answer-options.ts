import { Type } from 'typebox';

/** Options beyond the drawing. What a JSON answer may add on request, for expressions and MLPs alike: */
export const GradcheckOptionSchema = Type.Boolean({
  description:
    "JSON only: add `gradcheck`, every leaf's backpropagated gradient beside `(f(x+h) - f(x-h)) / 2h` with " +
    '`h = 1e-6 * max(1, |x|)`, the way the lecture checks `a.grad` by nudging `a`. Costs two forward passes per leaf ' +
    '(422 above MAX_GRADCHECK_WORK, leaves times values).',
  default: false,
  examples: [true],
});

/** micrograd's labels: only what the program writes (`Value(..., label='a')`, `x.label = 'a'`). */
export const LabelsOptionSchema = Type.Enum(['names', 'explicit'], {
  description:
    "`names`: a value without a label takes the name it is first assigned to (and `values` leaves their names). " +
    "`explicit`: only `label=` and `.label =` labels, as micrograd's `draw_dot` shows them.",
  default: 'names',
  examples: ['explicit'],
});

/** The lecture's tanh, for a program that follows the notebook to the last digit. */
export const TanhOptionSchema = Type.Enum(['math', 'lecture'], {
  description:
    "`math`: the C library's tanh (micrograd's engine.py). `lecture`: the video's `(e^(2x) - 1) / (e^(2x) + 1)`. " +
    "Either way about one exp in ten differs from CPython's in the last bit.",
  default: 'math',
  examples: ['lecture'],
});
