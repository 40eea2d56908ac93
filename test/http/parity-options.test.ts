import { describe, expect, it } from 'vitest';
import { appRequests } from '../helpers/app-requests.js';
import { LECTURE } from '../helpers/programs.js';

const { post, get } = appRequests();

describe("micrograd's parity options over HTTP", () => {
  it('labels: explicit draws only the labels the program writes', async () => {
    const answer = (await post('/v1/expression', { source: LECTURE, options: { labels: 'explicit' } })).json() as {
      nodes: { label: string }[];
      gradients: Record<string, number>;
      dot: string;
    };
    expect(answer.nodes.map((node) => node.label)).toEqual(['', 'b', 'e', 'c', '', '', '']);
    expect(answer.gradients).toEqual({ a: 6, b: -4, c: -2, e: -2, d: -2, f: 4, L: 1 });
    expect(answer.dot).toContain('n0 [label="{  | data 2.0000 | grad 6.0000 }"');
  });

  it('tanh: lecture computes by the formula, also from a GET URL', async () => {
    const x = 0.6100000000000001;
    const expected = (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1);
    const source = `y = Value(${x}).tanh()`;
    const post_ = (await post('/v1/expression', { source, options: { tanh: 'lecture' } })).json() as { output: { data: number } };
    expect(post_.output.data).toBe(expected);
    const answer = await get(`/v1/expression.json?source=${encodeURIComponent(source)}&tanh=lecture&labels=explicit`);
    expect(answer.statusCode).toBe(200);
    expect((answer.json() as { output: { data: number; label: string } }).output).toMatchObject({ data: expected, label: '' });
  });

  it('the defaults written out are the same answer, with the same tag', async () => {
    const plain = await post('/v1/expression.svg', { source: LECTURE });
    const spelled = await post('/v1/expression.svg', { source: LECTURE, options: { labels: 'names', tanh: 'math', gradcheck: false } });
    expect(spelled.headers.etag).toBe(plain.headers.etag);
    expect(spelled.body).toBe(plain.body);
  });

  it('an unknown choice is a 400', async () => {
    expect((await post('/v1/expression', { source: LECTURE, options: { labels: 'some' } })).statusCode).toBe(400);
    expect((await post('/v1/expression', { source: LECTURE, options: { tanh: 'fast' } })).statusCode).toBe(400);
  });
});
