/** Runs the `bitext` command as a user would, in a child process with CI set (no progress bar). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runBitext(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const bin = new URL('../bin/bitext.js', import.meta.url).pathname;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      maxBuffer: 256 << 20,
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), CI: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout, stderr: e.stderr };
  }
}
