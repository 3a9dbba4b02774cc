import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveStatic } from '../site/serve.ts';
import { type Command, EXIT_INPUT_ERRORS, requirePaths, UsageError } from './command.ts';

const usage = `Usage: npx bitext serve [DIR] [--port N] [--host HOST]

Serves a built site (the folder "bitext build" wrote; default: dist) on this machine, the way a
static host does: index.html for folders, the site's 404.html for addresses without a page.
Stops with Ctrl+C.

Options:
  --port N      port to listen on (default: 4321; 0 picks a free one)
  --host HOST   address to listen on (default: 127.0.0.1, this machine only)
  --help        show this help

Exit codes: 0 stopped; 1 the port is taken or cannot be used; 2 bad command line (a folder that
does not exist, a folder that is not a built site).
`;

export const serveCommand: Command = {
  name: 'serve',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' } } });
    if (positionals.length > 1) throw new UsageError(`serve takes one folder, got ${positionals.length}`);
    const dir = positionals[0] ?? 'dist';
    const port = Number(values.port ?? 4321);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
    await requirePaths([dir], 'no such folder');
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`"${dir}" is not a folder: name the folder "bitext build" wrote`);
    if (!(await stat(join(dir, 'index.html')).catch(() => undefined)) && !(await stat(join(dir, '404.html')).catch(() => undefined))) {
      throw new UsageError(`"${dir}" has no index.html or 404.html: it is not a built site (build one with "npx bitext build --out ${dir}")`);
    }
    let server;
    try {
      server = await serveStatic(dir, { port, ...(values.host ? { host: values.host } : {}) });
    } catch (error) {
      process.stderr.write(`bitext serve: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${(error as Error).message}\n`);
      return EXIT_INPUT_ERRORS;
    }
    process.stdout.write(`serving ${dir} at ${server.url}/ (Ctrl+C stops)\n`);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
