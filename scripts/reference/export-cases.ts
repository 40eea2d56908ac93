/**
 * Writes gradviz's exported Python for the export test cases as JSON, for run_exports.py to run:
 *     npx tsx scripts/reference/export-cases.ts | /usr/bin/python3 scripts/reference/run_exports.py \
 *       > test/fixtures/export/expressions.json
 *     npx tsx scripts/reference/export-cases.ts mlp | /usr/bin/python3 scripts/reference/run_exports.py \
 *       > test/fixtures/export/mlp.json
 */
import { expressionToMicrograd } from '../../src/export/expression-micrograd.js';
import { expressionToPytorch } from '../../src/export/expression-pytorch.js';
import { traceGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { mlpToPytorch } from '../../src/export/mlp-pytorch.js';
import { EXPORT_CASES, MLP_EXPORT_CASES } from '../../test/export/cases.js';

const cases = process.argv[2] === 'mlp' ? [] : EXPORT_CASES.map(({ name, source }) => {
  const { nodes } = traceGraph(runProgram({ source }).root);
  return { name, source, pytorch: expressionToPytorch(nodes), micrograd: expressionToMicrograd(nodes) };
});
const mlpCases = MLP_EXPORT_CASES.map(({ name, spec }) => ({ name, spec, pytorch: mlpToPytorch(spec) }));
process.stdout.write(`${JSON.stringify({ cases: process.argv[2] === 'mlp' ? mlpCases : cases })}\n`);
