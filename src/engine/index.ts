export { Value, type Operand } from './value.js';
export { topologicalOrder, backpropagate, backwardStep, recompute } from './order.js';
