#!/usr/bin/env node
import { processIo } from './io.js';
import { main } from './main.js';

// The exit code is set, not forced: `gradviz serve` keeps running, and output still being
// written to a pipe is not cut off.
process.exitCode = await main(process.argv.slice(2), processIo());
