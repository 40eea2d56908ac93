/**
 * Writes gradviz's exported Python for the export test cases as JSON, for run_exports.py to run:
 *     npx tsx scripts/reference/export-cases.ts | /usr/bin/python3 scripts/reference/run_exports.py \
 *       > test/fixtures/export/expressions.json
 */
import { expressionToMicrograd } from '../../src/export/expression-micrograd.js';
import { expressionToPytorch } from '../../src/export/expression-pytorch.js';
import { traceGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { EXPORT_CASES } from '../../test/export/cases.js';

const cases = EXPORT_CASES.map(({ name, source }) => {
  const { nodes } = traceGraph(runProgram({ source }).root);
  return { name, source, pytorch: expressionToPytorch(nodes), micrograd: expressionToMicrograd(nodes) };
});
process.stdout.write(`${JSON.stringify({ cases })}\n`);
