// The classifier view: the data set and the decision boundary, play / pause / step / reset, the
// live loss and accuracy curves and the notebook's log, all fed by the training worker.

import type { MlpSpec } from '../../../src/nn/spec.js';
import { LiveChart } from './live-chart.js';
import { LiveTraining } from './live-training.js';
import type { TrainingEvent } from './protocol.js';
import { ScatterPlot } from './scatter-plot.js';
import { TrainingLog } from './training-log.js';

export interface ClassifierElements {
  root: HTMLElement;
  plot: HTMLElement;
  lossChart: HTMLElement;
  accuracyChart: HTMLElement;
  log: HTMLElement;
  readout: HTMLElement;
  message: HTMLElement;
  play: HTMLButtonElement;
  pause: HTMLButtonElement;
  step: HTMLButtonElement;
  reset: HTMLButtonElement;
}

type Phase = 'empty' | 'loading' | 'paused' | 'playing' | 'finished' | 'failed';

export class Classifier {
  private readonly training = new LiveTraining();
  private readonly plot: ScatterPlot;
  private readonly loss: LiveChart;
  private readonly accuracy: LiveChart;
  private readonly log: TrainingLog;
  private spec: MlpSpec | undefined;
  private steps = 0;
  private taken = 0;

  constructor(private readonly elements: ClassifierElements) {
    this.plot = new ScatterPlot(elements.plot);
    this.loss = new LiveChart(elements.lossChart, 'loss', { format: (v) => String(Number(v.toPrecision(3))) });
    this.accuracy = new LiveChart(elements.accuracyChart, 'accuracy', {
      range: [0, 1],
      format: (v) => `${Math.round(v * 100)}%`,
    });
    this.log = new TrainingLog(elements.log);
    this.training.onEvent((event) => this.hear(event));
    elements.play.addEventListener('click', () => this.play());
    elements.pause.addEventListener('click', () => this.training.pause());
    elements.step.addEventListener('click', () => this.training.step());
    elements.reset.addEventListener('click', () => this.reset());
    this.setPhase('empty');
  }

  /** A new network and data set, at step 0; `why` says why there is none to train. */
  load(spec: MlpSpec | undefined, why = ''): void {
    this.spec = spec;
    if (spec === undefined) {
      this.training.stop();
      this.elements.message.textContent = why;
      this.setPhase('empty');
      return;
    }
    this.reset();
  }

  play(): void {
    this.setPhase('playing');
    this.training.play();
  }

  reset(): void {
    if (this.spec === undefined) return;
    this.elements.message.textContent = '';
    this.setPhase('loading');
    this.training.start(this.spec);
  }

  private hear(event: TrainingEvent): void {
    if (event.type === 'failed') {
      this.elements.message.textContent = event.message;
      this.setPhase('failed');
      return;
    }
    if (event.type === 'ready') {
      this.steps = event.steps;
      this.taken = 0;
      this.loss.reset(event.steps);
      this.accuracy.reset(event.steps);
      this.log.clear();
      this.plot.show(event.data, event.boundary);
      this.showReadout(undefined, undefined, null);
      this.setPhase('paused');
      return;
    }
    this.plot.update(event.boundary);
    this.taken += event.reports.length;
    this.loss.add(event.reports.map((r) => r.loss));
    this.accuracy.add(event.reports.flatMap((r) => (r.accuracy === null ? [] : [r.accuracy])));
    this.log.add(event.reports);
    const last = event.reports[event.reports.length - 1];
    if (last !== undefined) this.showReadout(last.loss, last.accuracy ?? undefined, event.stepsPerSecond);
    this.setPhase(event.finished ? 'finished' : event.playing ? 'playing' : 'paused');
  }

  private showReadout(loss: number | undefined, accuracy: number | undefined, perSecond: number | null): void {
    const parts = [`step ${this.taken} of ${this.steps}`];
    if (loss !== undefined) parts.push(`loss ${loss.toPrecision(4)}`);
    if (accuracy !== undefined) parts.push(`accuracy ${(accuracy * 100).toFixed(0)}%`);
    if (perSecond !== null) parts.push(`${perSecond.toFixed(0)} steps/s`);
    this.elements.readout.textContent = parts.join(' · ');
    this.elements.root.dataset['steps'] = String(this.taken);
    if (perSecond !== null) this.elements.root.dataset['stepsPerSecond'] = perSecond.toFixed(1);
    this.elements.root.dataset['positiveShare'] = this.plot.positiveShare.toFixed(3);
  }

  private setPhase(phase: Phase): void {
    const { play, pause, step, reset, root } = this.elements;
    root.dataset['phase'] = phase;
    const canStep = phase === 'paused';
    play.disabled = !canStep;
    step.disabled = !canStep;
    pause.disabled = phase !== 'playing';
    reset.disabled = this.spec === undefined || phase === 'loading';
  }
}
