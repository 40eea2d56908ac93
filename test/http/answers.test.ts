import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Answers } from '../../src/http/answers.js';
import type { AnswerJob, JobCaller } from '../../src/http/jobs.js';
import { Refusals } from '../../src/http/refusals.js';
import { ResultCache } from '../../src/jobs/result-cache.js';
import { LECTURE } from '../helpers/programs.js';

/** Just what Answers touches of a request and its reply; `leave()` is the client going away. */
function exchange() {
  const raw = Object.assign(new EventEmitter(), { writableEnded: false });
  const request = { method: 'POST', headers: {}, ip: '127.0.0.1' } as unknown as FastifyRequest;
  const sent: unknown[] = [];
  const reply = {
    raw,
    header: () => reply,
    code: () => reply,
    type: () => reply,
    send: (body?: unknown) => {
      sent.push(body);
      raw.writableEnded = true;
      return reply;
    },
  } as unknown as FastifyReply;
  return { request, reply, sent, leave: () => raw.emit('close') };
}

describe('Answers', () => {
  it('keeps an answer that arrives after its only client left, so the next identical request costs no job', async () => {
    const cache = new ResultCache({ maxBytes: 1_000_000 });
    let finish: (body: string) => void = () => {};
    const callers: JobCaller[] = [];
    const jobs = {
      answer: (_job: AnswerJob, caller: JobCaller) => {
        callers.push(caller);
        // A short job the pool lets run on after its caller aborts: it still answers.
        return new Promise<string>((resolve) => (finish = resolve));
      },
    };
    const answers = new Answers({ jobs, cache, refusals: new Refusals(0), maxAgeSeconds: 60 });
    const job: AnswerJob = { kind: 'expression', request: { source: LECTURE }, format: 'dot', scale: 1 };

    const first = exchange();
    const answered = answers.send(first.request, first.reply, job);
    first.leave();
    expect(callers[0]?.signal?.aborted).toBe(true);
    finish('digraph {}');
    await answered;

    const second = exchange();
    await answers.send(second.request, second.reply, job);
    expect(second.sent).toEqual(['digraph {}']);
    expect(callers).toHaveLength(1);
    expect(cache.stats().hits).toBe(1);
  });
});
