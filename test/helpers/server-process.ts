import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

const SERVER = new URL('../../src/server.ts', import.meta.url).pathname;

/** src/server.ts running as a child process, with its JSON log lines as they come. */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:port */
  base: string;
  lines: Record<string, unknown>[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** The log so far, for assertion messages. */
  output: () => string;
}

/**
 * Starts the server on a free loopback port and resolves once it listens (and, unless told
 * otherwise, once /readyz answers 200). Settings for a busy machine: no shedding on event-loop
 * delay unless the test sets it.
 */
export async function startServer(env: Record<string, string> = {}, { waitReady = true } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
  });
  const lines: Record<string, unknown>[] = [];
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk) => (text += String(chunk)));
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      text += `${line}\n`;
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      lines.push(parsed);
      const match = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(String(parsed['msg']));
      if (match) resolve(match[1] as string);
    });
    void exited.then((code) => reject(new Error(`the server exited with ${code} before listening:\n${text}`)));
  });
  if (waitReady) await untilReady(base);
  return { child, base, lines, exited, output: () => text };
}

/** Polls /readyz until 200; generous, as workers load Graphviz slowly on a busy machine. */
export async function untilReady(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/readyz`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} was not ready within ${timeoutMs} ms`);
}

/** Ends a child this test started, if it is still running. */
export function stopServer(server: ServerProcess | undefined): void {
  if (server !== undefined && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
}
