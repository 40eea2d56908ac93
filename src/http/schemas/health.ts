import { Type } from 'typebox';

export const HealthSchema = Type.Object(
  { status: Type.Literal('ok', { description: 'Always ok: the process answers.', examples: ['ok'] }) },
  { title: 'Health', description: 'The process is alive.' },
);

const readiness = (status: 'ready' | 'starting', title: string, description: string) =>
  Type.Object(
    {
      status: Type.Literal(status, {
        description: 'ready when Graphviz is loaded and requests can be served; starting until then.',
        examples: [status],
      }),
    },
    { title, description },
  );

export const ReadySchema = readiness('ready', 'Ready', 'Ready to serve requests.');
export const StartingSchema = readiness('starting', 'Starting', 'Not ready yet (Graphviz is loading); try again shortly.');
