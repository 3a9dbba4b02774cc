/**
 * The progress bar of the long commands: drawn on a terminal only, a phase without a size by its
 * label, log lines written above it with the bar drawn again below them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgress } from '../src/cli/progress.ts';

/** A stream that says it is a terminal (or not) and keeps what is written to it. */
function terminal(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 60, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') } as unknown as NodeJS.WriteStream & { text: () => string };
}

/** What a terminal shows of what the bar writes: `\r` starts its line again, `ESC[K` clears what follows (nothing, as the bar writes it). */
function screen(text: string): string[] {
  const lines = [''];
  for (const part of text.split(/(\r|\n|\x1b\[K)/)) {
    if (part === '\r') lines[lines.length - 1] = '';
    else if (part === '\n') lines.push('');
    else if (part !== '\x1b[K') lines[lines.length - 1] += part;
  }
  return lines;
}

let ci: string | undefined;
beforeEach(() => {
  ci = process.env.CI;
  delete process.env.CI;
});
afterEach(() => {
  if (ci !== undefined) process.env.CI = ci;
});

describe('the progress bar', () => {
  it('shows a phase by its label, then a count with its bar, and clears the line when done', () => {
    const stream = terminal(true);
    const progress = createProgress('build', stream);
    progress.update(0, 0, 'reading the content');
    expect(screen(stream.text())).toEqual(['build reading the content']);
    progress.update(10, 40, 'rendering pages');
    expect(screen(stream.text())).toEqual([`build ${'█'.repeat(8)}${'░'.repeat(22)} 10/40 rendering pages`]);
    progress.done();
    expect(screen(stream.text())).toEqual(['']);
  });

  it('writes a log line above the bar and draws the bar again below it', () => {
    const stream = terminal(true);
    const progress = createProgress('build', stream);
    progress.update(0, 0, 'reading the content');
    progress.log('bitext build: 3 includes cannot be shown');
    expect(screen(stream.text())).toEqual(['bitext build: 3 includes cannot be shown', 'build reading the content']);
  });

  it('cuts a line to the width of the terminal, 100 columns when it gives none', () => {
    const stream = terminal(true);
    createProgress('build', stream).update(0, 0, 'x'.repeat(200));
    expect(screen(stream.text())[0]!.length).toBe(59);
    const sizeless = Object.assign(terminal(true), { columns: 0 });
    createProgress('build', sizeless).update(0, 0, 'reading the content');
    expect(screen(sizeless.text())).toEqual(['build reading the content']);
  });

  it('draws nothing in a pipe or in CI, and writes the log lines as they are', () => {
    for (const [tty, env] of [[false, undefined], [true, 'true']] as const) {
      if (env) process.env.CI = env;
      const stream = terminal(tty);
      const progress = createProgress('build', stream);
      progress.update(1, 2, 'rendering pages');
      progress.log('a line');
      progress.done();
      expect(stream.text()).toBe('a line\n');
      delete process.env.CI;
    }
  });
});
