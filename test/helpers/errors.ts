import { GradvizError } from '../../src/errors.js';

/** The kind of the GradvizError `run` throws, or undefined when it returns; other errors propagate. */
export function kindOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof GradvizError) return error.kind;
    throw error;
  }
  return undefined;
}
