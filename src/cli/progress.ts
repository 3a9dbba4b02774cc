/**
 * A progress bar for long work: drawn on stderr when it is a terminal, silent in CI and pipes.
 */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = Boolean(stream.isTTY) && !process.env.CI;
  if (!enabled) return { update() {}, done() {} };
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - lastDraw < 50 && done < total) return;
      lastDraw = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const line = `${title} ${bar} ${done}/${total} ${label}`;
      const columns = stream.columns ?? 100;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length))}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
