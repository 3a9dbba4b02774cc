/**
 * The worker thread that writes the English search bundles of a build while it renders the
 * other locales (./search-english.ts `writeEnglishSearchBundlesInWorker`).
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { writeBundles, type EnglishBundleJob } from './search-english.ts';

// The lowest priority, for this thread and the Pagefind process it starts (Linux gives each thread
// its own, and a process the priority of the thread that started it): the bundles take what the
// rendering leaves of the cores, and do not slow it down.
try {
  setPriority(19);
} catch {
  // Not allowed here: the bundles are written at the priority of the build.
}
const job = workerData as EnglishBundleJob;
parentPort!.postMessage(await writeBundles(job.bundles, job.dir, job.into, job.present, job.changed && new Set(job.changed)));
