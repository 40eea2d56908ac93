/** The command line is wrong (exit 2): the message says what to type instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The input cannot be read or is not what it must be (exit 1), outside the program itself. */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    message: string,
    /** The file the message is about, as the user named it; '<stdin>' for standard input. */
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}
