// The graph panel taking the whole window, and back: a toggle on the body that the stylesheet
// reads. The picture is framed afresh each time, since its room changes.

export class FullWindow {
  constructor(
    private readonly button: HTMLButtonElement,
    private readonly reframe: () => void,
  ) {
    button.addEventListener('click', () => this.toggle());
  }

  get active(): boolean {
    return document.body.dataset['graphFull'] === 'true';
  }

  toggle(on = !this.active): void {
    document.body.dataset['graphFull'] = String(on);
    this.button.setAttribute('aria-pressed', String(on));
    this.button.textContent = on ? 'leave whole window' : 'whole window';
    this.reframe();
  }
}
