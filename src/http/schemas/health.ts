import { Type } from 'typebox';

export const HealthSchema = Type.Object(
  { status: Type.Literal('ok', { description: 'Always ok: the process answers.', examples: ['ok'] }) },
  { description: 'The process is alive.' },
);

const readiness = (status: 'ready' | 'starting', description: string) =>
  Type.Object(
    {
      status: Type.Literal(status, {
        description: 'ready when Graphviz is loaded and requests can be served; starting until then.',
        examples: [status],
      }),
    },
    { description },
  );

export const ReadySchema = readiness('ready', 'Ready to serve requests.');
export const StartingSchema = readiness('starting', 'Not ready yet (Graphviz is loading); try again shortly.');
