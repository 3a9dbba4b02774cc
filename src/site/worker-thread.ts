/**
 * The build's worker threads (the English search bundles, the pages' text measures): each runs
 * one of these modules, given as a URL.
 */
import { Worker } from 'node:worker_threads';

/** A worker thread running `module`, with `workerData`. */
export function startWorker(module: URL, workerData?: unknown): Worker {
  // Without the build's own Node options: `--input-type` (a build run from `node -e`) would stop
  // a thread run from a file.
  return new Worker(module, { workerData, execArgv: [] });
}
