export { Value, type Operand } from './value.js';
export { topologicalOrder, backpropagate, recompute } from './order.js';
