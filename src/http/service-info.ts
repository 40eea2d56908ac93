import { readFileSync } from 'node:fs';

// package.json sits two levels up from both src/http (sources) and dist/http (built).
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};

export const SERVICE_NAME = 'gradviz';
export const SERVICE_VERSION = manifest.version;
export const SERVICE_DESCRIPTION = manifest.description;
