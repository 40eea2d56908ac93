import { PassThrough, Readable, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';

export interface FakeIo extends CliIo {
  /** Everything written to stdout, as bytes. */
  out(): Buffer;
  err(): string;
}

/** Streams that record what a command writes; `terminal` makes stdout and stderr claim to be TTYs. */
export function fakeIo(stdin = '', terminal = false): FakeIo {
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  const recorder = (chunks: Buffer[]) =>
    Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(Buffer.from(chunk));
          done();
        },
      }),
      terminal ? { isTTY: true, columns: 100 } : {},
    );
  const input = stdin === '' ? new PassThrough().end() : Readable.from([Buffer.from(stdin)]);
  return {
    stdin: input,
    stdout: recorder(outChunks),
    stderr: recorder(errChunks),
    env: {},
    out: () => Buffer.concat(outChunks),
    err: () => Buffer.concat(errChunks).toString('utf8'),
  };
}
