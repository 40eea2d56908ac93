// The run's log, one line per step, exactly as micrograd's demo notebook prints it:
// `print(f"step {k} loss {total_loss.data}, accuracy {acc*100}%")`.

import type { StepReport } from '../../../src/nn/trainer.js';
import { pythonRepr } from './python-repr.js';

export function logLine(report: StepReport): string {
  const accuracy = report.accuracy === null ? '' : `, accuracy ${pythonRepr(report.accuracy * 100)}%`;
  return `step ${report.step} loss ${pythonRepr(report.loss)}${accuracy}`;
}

export class TrainingLog {
  private lines: string[] = [];

  constructor(private readonly element: HTMLElement) {}

  clear(): void {
    this.lines = [];
    this.element.textContent = '';
  }

  add(reports: readonly StepReport[]): void {
    if (reports.length === 0) return;
    this.lines.push(...reports.map(logLine));
    this.element.textContent = this.lines.join('\n');
    // Follow the newest line, as a notebook's output does.
    this.element.scrollTop = this.element.scrollHeight;
  }
}
