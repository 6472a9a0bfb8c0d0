// Where a command's output goes and in what form: readable text (colours only on a terminal), one JSON document
// (--json) or one JSON value per line (--jsonl). In the JSON forms stdout carries only JSON; notes go to stderr.
import { createColors } from 'picocolors';

export type Format = 'text' | 'json' | 'jsonl';

export interface Output {
  format: Format;
  /** stdout is a terminal and the output is text: live display, colours, spinners. */
  live: boolean;
  /** A person can be asked: stdin and stdout are terminals and the output is text. */
  interactive: boolean;
  colors: ReturnType<typeof createColors>;
  /** A line of the text output (ignored in the JSON forms). */
  text(line: string): void;
  /** A remark for the person (stdout in text form, stderr in the JSON forms, so pipes stay parseable). */
  note(line: string): void;
  /** The one document of --json. */
  json(document: unknown): void;
  /** One line of --jsonl. */
  jsonl(item: unknown): void;
  write(chunk: string): void;
}

export function makeOutput(options: { json?: boolean; jsonl?: boolean }): Output {
  const format: Format = options.jsonl ? 'jsonl' : options.json ? 'json' : 'text';
  const live = format === 'text' && process.stdout.isTTY === true;
  const colour = live && !process.env.NO_COLOR;
  return {
    format,
    live,
    interactive: live && process.stdin.isTTY === true,
    colors: createColors(colour),
    text: (line) => {
      if (format === 'text') process.stdout.write(`${line}\n`);
    },
    note: (line) => (format === 'text' ? process.stdout : process.stderr).write(`${line}\n`),
    json: (document) => {
      if (format === 'json') process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    },
    jsonl: (item) => {
      if (format === 'jsonl') process.stdout.write(`${JSON.stringify(item)}\n`);
    },
    write: (chunk) => process.stdout.write(chunk),
  };
}

/** Prints a list in the chosen form: a table, one document, or one item per line. */
export function printList<T>(out: Output, key: string, items: T[], table: () => string, extra: object = {}): void {
  if (out.format === 'json') out.json({ [key]: items, ...extra });
  else if (out.format === 'jsonl') for (const item of items) out.jsonl(item);
  else out.text(table());
}
