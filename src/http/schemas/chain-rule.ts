import { Type } from 'typebox';

/** One step of the chain rule, per edge of a graph (expressions and MLPs alike). */
export const ChainRuleEdgeSchema = Type.Object(
  {
    from: Type.String({ description: 'The id of the input.', examples: ['n3'] }),
    to: Type.String({ description: 'The id of the value made from it.', examples: ['n5'] }),
    operand: Type.Integer({ minimum: 0, maximum: 1, description: '0 for the first operand (x), 1 for the second (y).', examples: [0] }),
    formula: Type.String({ description: 'd to / d from as the op\'s rule states it, in `x`, `y` and `out`.', examples: ['1 - out**2'] }),
    local: Type.Number({ description: 'The local derivative\'s value.', examples: [0.5] }),
    contribution: Type.Number({ description: '`local * to.grad`: this edge\'s share of `from.grad`.', examples: [0.5] }),
  },
  { description: 'One edge of the chain rule.', examples: [{ from: 'n8', to: 'n9', operand: 0, formula: '1 - out**2', local: 0.5, contribution: 0.5 }] },
);

/** `options.gradcheck: true` answers one of these per leaf. */
export const GradientCheckSchema = Type.Object(
  {
    id: Type.String({ description: 'The leaf\'s id.', examples: ['n0'] }),
    label: Type.String({ description: 'Its label.', examples: ['a'] }),
    grad: Type.Number({ description: 'The gradient backward gave it.', examples: [6] }),
    numeric: Type.Union([Type.Number(), Type.Null()], {
      description: '`(f(x+h) - f(x-h)) / 2h` with `h = 1e-6 * max(1, |x|)`; null when a nudged pass is not finite.',
      examples: [6.000000000838668],
    }),
    relativeError: Type.Union([Type.Number(), Type.Null()], {
      description: '`|numeric - grad| / max(|numeric|, |grad|, 1e-12)`; null with numeric.',
      examples: [1.3977797e-10],
    }),
  },
  { description: "A leaf's backpropagated gradient beside the lecture's nudged estimate.", examples: [{ id: 'n0', label: 'a', grad: 6, numeric: 6.000000000838668, relativeError: 1.3977797e-10 }] },
);

export const EdgesSchema = Type.Array(ChainRuleEdgeSchema, {
  description:
    'Every edge of the graph in the order backward applies them (the root\'s first): summing the contributions into ' +
    'each value gives its grad. Left out, with a warning, when the list would be over MAX_OUTPUT_BYTES.',
  examples: [[{ from: 'n4', to: 'n6', operand: 0, formula: 'y', local: -2, contribution: -2 }]],
});

export const GradcheckSchema = Type.Array(GradientCheckSchema, {
  description: 'With `options.gradcheck: true`: every leaf\'s gradient beside the central finite difference.',
  examples: [[{ id: 'n0', label: 'a', grad: 6, numeric: 6.000000000838668, relativeError: 1.3977797e-10 }]],
});
