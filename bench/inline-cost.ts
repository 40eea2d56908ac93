/**
 * The inline cost model of src/jobs/inline.ts beside the CPU its jobs measure: for the lecture
 * program and random programs up to the inline cap, in every format that may run inline, the
 * predicted microseconds, the measured CPU microseconds per job (process CPU time, so a busy machine
 * inflates it less than wall time would) and their ratio. The model should stay an upper bound:
 * the largest measured/predicted ratio is printed last.
 *
 *   npx tsx bench/inline-cost.ts [--rounds 400]
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { traceGraph } from '../src/graph/trace.js';
import { budgetOf } from '../src/http/jobs.js';
import { measureGraph } from '../src/jobs/budget.js';
import { runExpressionJob, type ExpressionJob } from '../src/jobs/expression.js';
import { INLINE_MAX_VALUES, predictedMicroseconds } from '../src/jobs/inline.js';
import { runProgram } from '../src/lang/index.js';
import { DEFAULT_DOT_OPTIONS } from '../src/graph/dot.js';
import { LECTURE } from '../test/helpers/programs.js';
import { randomProgram } from './graphs/random-program.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '400' } } });
const rounds = Number(args.rounds);

const config = loadConfig({});
const base = { limits: config.limits, budget: budgetOf(config), gradcheck: config.gradcheck, scale: 1 as const };

const programs: [string, string][] = [['lecture', LECTURE]];
for (const values of [4, 8, 16, 32, INLINE_MAX_VALUES - 4]) programs.push([`random ${values}`, randomProgram(values, 7)]);
const kinds: [string, Pick<ExpressionJob, 'format'> & { options?: NonNullable<ExpressionJob['request']['options']> }][] = [
  ['dot', { format: 'dot' }],
  ['pytorch', { format: 'pytorch' }],
  ['svg layered', { format: 'svg', options: { layout: 'layered' } }],
  ['json layered', { format: 'json', options: { layout: 'layered' } }],
  ['json layered gradcheck', { format: 'json', options: { layout: 'layered', gradcheck: true } }],
];

function cpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

console.log(`inline cost model against measured CPU per job, median of 5 batches of ${rounds}, ${cpus().length} CPUs, Node ${process.versions.node}`);
console.log('program       values  format                  predicted us  measured us  measured/predicted');
let worst = 0;
for (const [name, source] of programs) {
  for (const [kindName, kind] of kinds) {
    const job: ExpressionJob = { ...base, format: kind.format, request: { source, ...(kind.options ? { options: kind.options } : {}) } };
    const graph = traceGraph(runProgram({ source }).root);
    const predicted = predictedMicroseconds(job, graph, measureGraph(graph.nodes, DEFAULT_DOT_OPTIONS.precision));
    for (let i = 0; i < rounds; i++) await runExpressionJob(job);
    const batches: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const start = cpuMicroseconds();
      for (let i = 0; i < rounds; i++) await runExpressionJob(job);
      batches.push((cpuMicroseconds() - start) / rounds);
    }
    const measured = batches.sort((a, b) => a - b)[2] as number;
    worst = Math.max(worst, measured / predicted);
    console.log(
      `${name.padEnd(13)} ${String(graph.nodes.length).padStart(6)}  ${kindName.padEnd(22)}  ${predicted.toFixed(0).padStart(12)}  ` +
        `${measured.toFixed(0).padStart(11)}  ${(measured / predicted).toFixed(2).padStart(18)}`,
    );
  }
}
console.log(`largest measured/predicted: ${worst.toFixed(2)} (the model is an upper bound while this stays below 1)`);
