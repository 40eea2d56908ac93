import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // What a test polls for happens within a second on an idle machine; on a busy 2-CPU machine a
    // page or a worker can take many times that. A poll that succeeds returns at once anyway.
    expect: { poll: { timeout: 20_000 } },
  },
});
