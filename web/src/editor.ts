// A plain textarea made into a small code editor: a line-number gutter and a backdrop that marks the
// line and column of an error, both kept aligned with the textarea as it scrolls. Lines never wrap,
// so line N of the text is row N of the gutter and of the backdrop.

/** The textarea grows with the program between these, then scrolls. */
const MIN_ROWS = 10;
const MAX_ROWS = 28;

export interface SourceError {
  /** Absent for errors of the whole program (a limit, say): then only the message shows. */
  line?: number;
  /** 1-based, as the API reports it. */
  column?: number;
  message: string;
}

export class Editor {
  readonly textarea: HTMLTextAreaElement;
  private readonly gutterLines: HTMLElement;
  private readonly backdropText: HTMLElement;
  private readonly errorBox: HTMLElement;
  private error: SourceError | undefined;
  private lineCount = 0;
  private readonly listeners: ((text: string) => void)[] = [];

  constructor(root: HTMLElement, errorBox: HTMLElement) {
    this.textarea = required(root.querySelector('textarea'));
    this.gutterLines = required(root.querySelector<HTMLElement>('.gutter-lines'));
    this.backdropText = required(root.querySelector<HTMLElement>('.backdrop-text'));
    this.errorBox = errorBox;
    this.textarea.addEventListener('input', () => {
      this.refresh();
      for (const listener of this.listeners) listener(this.value);
    });
    this.textarea.addEventListener('scroll', () => this.syncScroll());
    this.refresh();
  }

  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    this.textarea.value = text;
    this.refresh();
  }

  onInput(listener: (text: string) => void): void {
    this.listeners.push(listener);
  }

  showError(error: SourceError | undefined): void {
    this.error = error;
    this.textarea.setAttribute('aria-invalid', String(error !== undefined));
    this.refresh();
    this.renderErrorBox();
  }

  private refresh(): void {
    const lines = this.value.split('\n');
    if (lines.length !== this.lineCount) {
      const fragment = document.createDocumentFragment();
      for (let i = 1; i <= lines.length; i++) {
        const row = document.createElement('div');
        row.textContent = String(i);
        fragment.append(row);
      }
      this.gutterLines.replaceChildren(fragment);
      this.lineCount = lines.length;
      // The gutter's lines are positioned out of the flow (so they never stretch the editor): size it here.
      this.gutterLines.parentElement?.style.setProperty('width', `${String(lines.length).length + 2}ch`);
      this.textarea.rows = Math.min(MAX_ROWS, Math.max(MIN_ROWS, lines.length + 1));
    }
    this.gutterLines.querySelector('.error-line')?.classList.remove('error-line');
    if (this.error?.line !== undefined) {
      this.gutterLines.children[this.error.line - 1]?.classList.add('error-line');
    }
    this.renderBackdrop(lines);
    this.syncScroll();
  }

  /** The text again, invisible, with the error line and the character at its column marked. */
  private renderBackdrop(lines: string[]): void {
    const fragment = document.createDocumentFragment();
    lines.forEach((line, index) => {
      const row = document.createElement('div');
      row.className = 'backdrop-line';
      if (this.error !== undefined && this.error.line === index + 1) {
        row.classList.add('error-line');
        const column = Math.max(1, Math.min(this.error.column ?? 1, line.length + 1));
        const at = document.createElement('span');
        at.className = 'error-column';
        at.textContent = line.slice(column - 1, column) || ' ';
        row.append(line.slice(0, column - 1), at, line.slice(column));
      } else {
        row.textContent = line === '' ? ' ' : line;
      }
      fragment.append(row);
    });
    this.backdropText.replaceChildren(fragment);
  }

  private syncScroll(): void {
    const { scrollTop, scrollLeft } = this.textarea;
    this.gutterLines.style.transform = `translateY(${-scrollTop}px)`;
    this.backdropText.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
  }

  /** The message, then the offending line with a caret under the column, as a compiler prints it. */
  private renderErrorBox(): void {
    const message = required(this.errorBox.querySelector<HTMLElement>('.source-error-message'));
    const excerpt = required(this.errorBox.querySelector<HTMLElement>('.source-error-excerpt'));
    if (this.error === undefined) {
      this.errorBox.hidden = true;
      message.textContent = '';
      excerpt.textContent = '';
      return;
    }
    this.errorBox.hidden = false;
    message.textContent = this.error.message;
    const { line, column = 1 } = this.error;
    if (line === undefined) {
      delete this.errorBox.dataset['line'];
      delete this.errorBox.dataset['column'];
      excerpt.textContent = '';
      return;
    }
    const text = this.value.split('\n')[line - 1] ?? '';
    const number = String(line);
    const pad = ' '.repeat(number.length);
    // Keep tabs in the caret line so the caret stays under the column however wide a tab renders.
    const lead = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
    this.errorBox.dataset['line'] = String(line);
    this.errorBox.dataset['column'] = String(column);
    excerpt.textContent = `${number} | ${text}\n${pad} | ${lead}^`;
  }
}

function required<T>(value: T | null): T {
  if (value === null) throw new Error('the page is missing an element the editor needs');
  return value;
}
