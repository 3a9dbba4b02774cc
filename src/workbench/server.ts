/**
 * The workbench's web server (`bitext translate`): node:http on 127.0.0.1 only, serving the
 * browser app (./ui, plain files, no build step, nothing from the network) and a JSON API over
 * one folder of XLIFF files (./project.ts).
 *
 * Only this machine's browser tab may use it: the Host header must name the server itself (a
 * page of another site that rebinds its DNS name to 127.0.0.1 still sends its own name), an
 * Origin header, when there is one, must be the server's own, a request a browser marks as
 * cross-site is refused, and the API takes JSON bodies only (a form of another site cannot send
 * one without asking first). Files are read and written only inside the XLIFF folder.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Project, WorkbenchError } from './project.ts';

export interface WorkbenchOptions {
  xliffDir: string;
  content: readonly string[];
  /** Default 0: a free port. */
  port?: number;
  /** TBX or CSV glossaries (the project's glossary/ folder is always read). */
  glossary?: readonly string[];
}

export interface Workbench {
  url: string;
  project: Project;
  close(): Promise<void>;
}

const UI_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

const HOST = '127.0.0.1';
const MAX_BODY = 8 * 1024 * 1024;

/**
 * The app's pages may load only their own files; the preview (an `about:srcdoc` frame, which
 * takes this policy) has the renderer's inline styles and no script at all.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self' about:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const project = new Project(options.xliffDir, options.content, async (dirs) => (await import('../io/corpus.ts')).contentRoots(dirs), options.glossary ?? []);
  let allowedHosts = new Set<string>();
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof WorkbenchError) return send(response, error.status, { error: error.message, ...error.details });
      send(response, 500, { error: (error as Error).message });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (!allowedHosts.has(host)) return send(response, 421, { error: `this server answers for ${[...allowedHosts][0]} only` });
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return send(response, 403, { error: 'requests from other sites are refused' });
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return send(response, 403, { error: 'requests from other sites are refused' });
    const url = new URL(request.url ?? '/', `http://${host}`);
    const ui = UI_FILES[url.pathname];
    if (ui && request.method === 'GET') {
      const body = await readFile(new URL(`./ui/${ui.file}`, import.meta.url));
      response.writeHead(200, { 'content-type': ui.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      response.end(body);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (!url.pathname.startsWith('/api/')) return send(response, 404, { error: 'not found' });
    if (request.method === 'GET') {
      switch (url.pathname) {
        case '/api/files':
          return send(response, 200, { root: project.root, ...(await project.files()) });
        case '/api/file':
          return send(response, 200, await project.load(String(url.searchParams.get('path') ?? '')));
        case '/api/matches': {
          const path = String(url.searchParams.get('path') ?? '');
          const unit = url.searchParams.get('unit');
          const [matches, terms] = await Promise.all([project.matches(path, unit), project.terms(path, unit)]);
          return send(response, 200, { matches, terms });
        }
      }
      return send(response, 404, { error: 'not found' });
    }
    if (request.method !== 'POST') return send(response, 405, { error: 'GET or POST' });
    if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return send(response, 415, { error: 'send JSON' });
    const body = await readJson(request);
    const path = String(body.path ?? '');
    switch (url.pathname) {
      case '/api/save':
        return send(response, 200, await project.save(path, body.version, body.unit, body.target, body.state));
      case '/api/keep':
        return send(response, 200, await project.keepAsAlternative(path, body.unit, body.target));
      case '/api/check':
        return send(response, 200, { problems: await project.check(path, body.unit, body.target) });
      case '/api/preview':
        return send(response, 200, await project.preview(path, body.targets));
    }
    return send(response, 404, { error: 'not found' });
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, HOST, done);
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  return {
    url: `http://${HOST}:${port}/`,
    project,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown) {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new WorkbenchError(413, 'request too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new WorkbenchError(400, 'the body is not a JSON object');
}
