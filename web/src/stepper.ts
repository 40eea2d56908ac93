// Where a step-through of the forward or backward pass stands. The JSON nodes come in topological
// order (inputs first, root last): the forward pass visits them in that order, the backward pass in
// reverse, so each backward step is the moment a value's gradient is complete.

export type Direction = 'forward' | 'backward';

export class Stepper {
  private order: readonly string[] = [];
  private position = -1;
  direction: Direction | undefined;

  constructor(private ids: readonly string[] = []) {}

  reset(ids: readonly string[]): void {
    this.ids = ids;
    this.stop();
  }

  start(direction: Direction): void {
    this.direction = direction;
    this.order = direction === 'forward' ? [...this.ids] : [...this.ids].reverse();
    this.position = this.order.length > 0 ? 0 : -1;
  }

  stop(): void {
    this.direction = undefined;
    this.order = [];
    this.position = -1;
  }

  get active(): boolean {
    return this.direction !== undefined && this.position >= 0;
  }

  get index(): number {
    return this.position;
  }

  get total(): number {
    return this.order.length;
  }

  get current(): string | undefined {
    return this.order[this.position];
  }

  /** Nodes the pass has not reached yet. */
  get pending(): Set<string> {
    return new Set(this.order.slice(this.position + 1));
  }

  next(): boolean {
    if (!this.active || this.position >= this.order.length - 1) return false;
    this.position++;
    return true;
  }

  previous(): boolean {
    if (!this.active || this.position <= 0) return false;
    this.position--;
    return true;
  }

  goTo(position: number): void {
    if (this.active) this.position = Math.max(0, Math.min(this.order.length - 1, position));
  }
}
