// What `watch` shows while a job runs. On a terminal: a live block (stepper, bar, latest message, a spinner) redrawn
// in place, with milestones printed above it. Elsewhere: one plain line per event, or one JSON line with --jsonl.
import type { Output } from '../output';
import type { JobEvent } from './event-stream';
import { compactStepper, eventLine, renderBar, renderStepper } from './render';

export interface Display {
  event(event: JobEvent): void;
  /** A line for the person, kept above the live block. */
  note(line: string): void;
  /** Clears the live block (before a prompt takes the terminal); the next event draws it again. */
  pause(): void;
  close(): void;
}

export function makeDisplay(out: Output): Display {
  if (out.format === 'jsonl') return { event: (e) => out.jsonl(e), note: (l) => out.note(l), pause() {}, close() {} };
  if (out.format === 'json') return { event() {}, note: (l) => out.note(l), pause() {}, close() {} };
  if (!out.live) return { event: (e) => out.text(eventLine(e)), note: (l) => out.text(l), pause() {}, close() {} };
  return liveDisplay(out);
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MILESTONES = new Set(['PHASE_COMPLETED', 'HITL_RESPONDED', 'HITL_TIMED_OUT', 'VALIDATED', 'PROMOTED']);

function liveDisplay(out: Output): Display {
  const c = out.colors;
  let latest: JobEvent | null = null;
  let drawn = 0;
  let frame = 0;
  let closed = false;
  const clear = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}F\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    if (!latest) return;
    clear();
    const waiting = ['RUNNING', 'PENDING'].includes(latest.status);
    const spinner = waiting ? c.cyan(SPINNER[frame % SPINNER.length] ?? '') : ' ';
    // Every line must fit the terminal: a wrapped line would break the count of lines to redraw.
    const columns = process.stdout.columns || 80;
    const message = (latest.message ?? latest.type).slice(0, Math.max(10, columns - 3));
    const stepper = renderStepper(latest.phase, latest.status, c);
    const lines = [
      visibleLength(stepper) < columns ? stepper : compactStepper(latest.phase, latest.status),
      renderBar(latest.progressPercent, Math.max(10, Math.min(30, columns - 8))),
      `${spinner} ${message}`,
    ];
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(() => {
    frame++;
    if (drawn > 0) draw();
  }, 120);
  timer.unref();
  return {
    event(event) {
      latest = event;
      if (MILESTONES.has(event.type) && event.message) {
        clear();
        out.write(`${c.green('✔')} ${event.message}\n`);
      }
      draw();
    },
    note(line) {
      if (closed) return void out.write(`${line}\n`);
      clear();
      out.write(`${line}\n`);
      draw();
    },
    pause: clear,
    close() {
      clearInterval(timer);
      draw();
      closed = true;
    },
  };
}

function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
