import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the process, passed in so tests can run commands in-process. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Exit codes: 0 done, 1 the input is wrong, 2 the command line is wrong, 70 gradviz failed. */
export const EXIT = { ok: 0, input: 1, usage: 2, software: 70 } as const;
