import { Type } from 'typebox';

export const HealthSchema = Type.Object(
  { status: Type.Literal('ok', { description: 'Always ok: the process answers.', examples: ['ok'] }) },
  { title: 'Health', description: 'The process is alive.' },
);

const STATUS_DESCRIPTION =
  'ready when Graphviz is loaded and requests can be served; starting until then; stopping once the service shuts down.';

const readiness = (status: 'ready' | 'starting' | 'stopping', title: string, description: string) =>
  Type.Object({ status: Type.Literal(status, { description: STATUS_DESCRIPTION, examples: [status] }) }, { title, description });

export const ReadySchema = readiness('ready', 'Ready', 'Ready to serve requests.');
export const StartingSchema = readiness('starting', 'Starting', 'Not ready yet (Graphviz is loading); try again shortly.');
export const StoppingSchema = readiness('stopping', 'Stopping', 'Shutting down: still answering, but send new requests elsewhere.');
export const NotReadySchema = Type.Union([StartingSchema, StoppingSchema], {
  title: 'NotReady',
  description: 'Not ready: starting (try again shortly) or stopping (send new requests elsewhere).',
});
