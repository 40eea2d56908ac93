import { Type } from 'typebox';

/** What a JSON answer may add on request, for expressions and MLPs alike. */
export const GradcheckOptionSchema = Type.Boolean({
  description:
    "JSON only: add `gradcheck`, every leaf's backpropagated gradient beside `(f(x+h) - f(x-h)) / 2h` with " +
    '`h = 1e-6 * max(1, |x|)`, the way the lecture checks `a.grad` by nudging `a`. Costs two forward passes per leaf ' +
    '(422 above MAX_GRADCHECK_WORK, leaves times values).',
  default: false,
  examples: [true],
});
