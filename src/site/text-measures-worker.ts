/**
 * The worker thread that measures pages for a build while its loader renders the next ones
 * (./text-measures.ts `TextMeasures`).
 */
import { parentPort } from 'node:worker_threads';
import { measurePage, type PageToMeasure } from './text-measures.ts';

parentPort!.on('message', (pages: PageToMeasure[]) => {
  parentPort!.postMessage(pages.map(measurePage));
});
