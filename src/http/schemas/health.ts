import { Type } from 'typebox';

export const HealthSchema = Type.Object(
  { status: Type.Literal('ok', { description: 'Always ok: the process answers.', examples: ['ok'] }) },
  { description: 'The process is alive.' },
);

const STATUS_DESCRIPTION =
  'ready when Graphviz is loaded and requests can be served; starting until then; stopping once the service shuts down.';

const readiness = (status: 'ready' | 'starting' | 'stopping', description: string) =>
  Type.Object({ status: Type.Literal(status, { description: STATUS_DESCRIPTION, examples: [status] }) }, { description });

export const ReadySchema = readiness('ready', 'Ready to serve requests.');
export const StartingSchema = readiness('starting', 'Not ready yet (Graphviz is loading); try again shortly.');
export const StoppingSchema = readiness('stopping', 'Shutting down: still answering, but send new requests elsewhere.');
export const NotReadySchema = Type.Union([StartingSchema, StoppingSchema], {
  description: 'Not ready: starting (try again shortly) or stopping (send new requests elsewhere).',
});
