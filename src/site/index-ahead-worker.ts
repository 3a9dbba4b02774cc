/**
 * The worker thread that reads the previous site's index of an incremental build's changed
 * languages while the build renders the changed pages, then puts those pages into it
 * (./pagefind-bundle.ts `indexLanguagesAhead`, ./pagefind-patch.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IndexAheadJob, IndexAheadReply, IndexAheadRequest } from './pagefind-bundle.ts';
import { indexLanguagesAheadHere } from './pagefind-patch.ts';

const job = workerData as IndexAheadJob;
const port = parentPort!;
const reply = (message: IndexAheadReply) => port.postMessage(message);
const indexing = indexLanguagesAheadHere(job.siteDir, job.languages, new Set(job.pages));
void indexing.pagesReadAhead.then((count) => reply({ type: 'pagesReadAhead', count }));
port.on('message', async (request: IndexAheadRequest) => {
  if (request.type === 'leaveOut') return indexing.leaveOut(request.languages);
  try {
    if (request.type === 'abandon') await indexing.abandon();
    else reply({ type: 'finished', files: await indexing.finish(request.changed, request.into) });
  } catch (error) {
    reply({ type: 'failed', message: (error as Error).message });
  }
  // Done: the thread ends once Pagefind's process has (each of the two above ends it).
  port.close();
});
