/**
 * A progress bar for long work: drawn on stderr when it is a terminal, silent in CI and pipes.
 */
import type { BuildStep } from '../site/context.ts';

export interface Progress {
  /** `total` 0: work whose size is not known, shown by its label alone. */
  update(done: number, total: number, label?: string): void;
  /** Writes a line of the command's log above the bar, which is drawn again below it. */
  log(line: string): void;
  done(): void;
}

export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = Boolean(stream.isTTY) && !process.env.CI;
  if (!enabled) return { update() {}, log: (line) => void stream.write(line + '\n'), done() {} };
  let lastDraw = 0;
  let shown = '';
  const draw = (line: string) => {
    // A terminal that gives no size (0, as a pseudo-terminal may) is taken as 100 columns.
    const columns = stream.columns > 0 ? stream.columns : 100;
    stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    shown = line;
  };
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
  };
  return {
    update(done, total, label = '') {
      const now = Date.now();
      // A new label is drawn at once; a count at most every 50 ms, and its last.
      if (now - lastDraw < 50 && done < total && shown.endsWith(label)) return;
      lastDraw = now;
      if (total <= 0) return draw(`${title} ${label}`);
      const width = 30;
      const filled = Math.round((Math.min(done, total) / total) * width);
      draw(`${title} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total} ${label}`);
    },
    log(line) {
      clear();
      stream.write(line + '\n');
      if (shown) draw(shown);
    },
    done() {
      clear();
      shown = '';
    },
  };
}

/** The steps a build or a merge reports (`BuildStep`), drawn on `progress`. */
export function drawSteps(progress: Progress): (step: BuildStep) => void {
  return ({ phase, done, total }) => progress.update(done ?? 0, total ?? 0, phase);
}
