/** Browser tests serve built sites with the server of `bitext serve` (src/site/serve.ts). */
export { serveStatic, type StaticServer } from '../../src/site/serve.ts';
