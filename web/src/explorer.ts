// What a reader does with a drawn graph: hover or select a value to read its chain-rule step, and
// step through the forward or backward pass one value at a time, in the picture and in the table.

import type { ChainRule } from './chain-rule.js';
import { nameOf } from './chain-rule.js';
import type { GraphView } from './graph-view.js';
import { describeNode } from './inspector.js';
import { Stepper, type Direction } from './stepper.js';
import type { ValuesTable } from './values-table.js';

export interface StepButtons {
  backward: HTMLButtonElement;
  forward: HTMLButtonElement;
  previous: HTMLButtonElement;
  next: HTMLButtonElement;
  stop: HTMLButtonElement;
}

const HINT = 'Hover or click a value to see how its gradient was computed.';

export class Explorer {
  private chain: ChainRule | undefined;
  private selected: string | undefined;
  private format: (x: number) => string = String;
  private hint = HINT;
  private readonly stepper = new Stepper();

  constructor(
    private readonly graph: GraphView,
    private readonly table: ValuesTable,
    private readonly inspector: HTMLElement,
    private readonly stepInfo: HTMLElement,
    private readonly buttons: StepButtons,
  ) {
    graph.onHover((id) => this.inspect(id ?? this.selected));
    graph.onSelect((id) => this.select(id));
    table.onSelect((id) => this.select(id));
    buttons.backward.addEventListener('click', () => this.start('backward'));
    buttons.forward.addEventListener('click', () => this.start('forward'));
    buttons.previous.addEventListener('click', () => this.previous());
    buttons.next.addEventListener('click', () => this.next());
    buttons.stop.addEventListener('click', () => this.stop());
  }

  /** A new picture: `chain` describes its value nodes, or is undefined when they cannot be explored. */
  load(chain: ChainRule | undefined, format: (x: number) => string, hint = HINT): void {
    this.chain = chain;
    this.format = format;
    this.selected = undefined;
    this.hint = hint;
    this.stepper.reset(chain?.nodes.map((node) => node.id) ?? []);
    this.showHint(hint);
    this.render();
  }

  select(id: string): void {
    if (this.chain?.node(id) === undefined) return;
    this.selected = id;
    this.inspect(id);
    this.render();
  }

  start(direction: Direction): void {
    if (this.chain === undefined) return;
    this.stepper.start(direction);
    this.render();
  }

  next(): void {
    if (this.stepper.next()) this.render();
  }

  previous(): void {
    if (this.stepper.previous()) this.render();
  }

  first(): void {
    this.stepper.goTo(0);
    this.render();
  }

  last(): void {
    this.stepper.goTo(this.stepper.total - 1);
    this.render();
  }

  stop(): void {
    if (!this.stepper.active) return;
    this.stepper.stop();
    this.render();
  }

  get stepping(): boolean {
    return this.stepper.active;
  }

  private inspect(id: string | undefined): void {
    if (this.chain === undefined) return;
    if (id === undefined) {
      this.showHint(this.hint);
      return;
    }
    this.inspector.replaceChildren(describeNode(this.chain, id, { format: this.format }));
  }

  private showHint(text: string): void {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = text;
    this.inspector.replaceChildren(p);
  }

  private render(): void {
    const { stepper, graph } = this;
    graph.restoreFields();
    const explorable = this.chain !== undefined && this.chain.nodes.length > 0;
    this.buttons.backward.disabled = !explorable;
    this.buttons.forward.disabled = !explorable;
    this.buttons.previous.disabled = !stepper.active || stepper.index <= 0;
    this.buttons.next.disabled = !stepper.active || stepper.index >= stepper.total - 1;
    this.buttons.stop.disabled = !stepper.active;
    this.buttons.backward.setAttribute('aria-pressed', String(stepper.direction === 'backward'));
    this.buttons.forward.setAttribute('aria-pressed', String(stepper.direction === 'forward'));
    const chain = this.chain;
    const current = stepper.current;
    if (!stepper.active || chain === undefined || current === undefined) {
      graph.setMarks(this.selected === undefined ? {} : { selected: this.selected });
      this.table.highlight(this.selected);
      this.stepInfo.hidden = true;
      delete this.stepInfo.dataset['id'];
      return;
    }
    const pending = stepper.pending;
    const zero = this.format(0);
    // Show the numbers as they stand at this moment of the pass: gradients not yet filled in are
    // still 0, and a forward pass has not reached the data of later values (nor any gradient).
    for (const node of chain.nodes) {
      if (stepper.direction === 'forward') {
        graph.setField(node.id, 'grad', zero);
        if (pending.has(node.id)) graph.setField(node.id, 'data', '?');
      } else if (pending.has(node.id)) {
        graph.setField(node.id, 'grad', zero);
      }
    }
    graph.setMarks({ current, pending, ...(this.selected === undefined ? {} : { selected: this.selected }) });
    this.table.highlight(current);

    const node = chain.node(current);
    const name = node === undefined ? current : nameOf(node);
    const heading = document.createElement('p');
    heading.className = 'step-heading';
    heading.textContent =
      stepper.direction === 'backward'
        ? `Backward pass, step ${stepper.index + 1} of ${stepper.total}: grad(${name}) is complete`
        : `Forward pass, step ${stepper.index + 1} of ${stepper.total}: ${name} is computed`;
    this.stepInfo.replaceChildren(
      heading,
      describeNode(chain, current, { format: this.format, forwardOnly: stepper.direction === 'forward' }),
    );
    this.stepInfo.dataset['id'] = current;
    this.stepInfo.dataset['index'] = String(stepper.index);
    this.stepInfo.hidden = false;
  }
}
