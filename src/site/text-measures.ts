/**
 * What page generation derives from a page's rendered Markdown and its source file alone: its
 * reading time (./page-meta.ts), on Japanese and Chinese pages its search words
 * (./search-segments.ts), and the date of its source (`ms.date`, read from the file's head). The
 * first two walk the page's whole text with `Intl.Segmenter`: 6.2–6.6 s of the rendering thread on
 * the 12,000-page site (`node --cpu-prof`); the date, read once per page rendered (a page's
 * fallback pages read it again), 2.5 s. A build measures them in a worker thread while the loader
 * renders the next pages, a time when the other core has nothing to do, and keeps the results in
 * the site context (`SiteContext.measured`): the components, a module graph of their own, find
 * them there and compute a page inline when its result is not there (`pageReadingMinutes`,
 * `pageQuerySegmentsHtml`, `pageDate`). The same functions run in both places, so the pages are the same
 * either way.
 */
import type { Worker } from 'node:worker_threads';
import { dateOfFiles, readingMinutesOfText, htmlText } from './page-meta.ts';
import { querySegmentsHtml } from './search-segments.ts';
import { startWorker } from './worker-thread.ts';

/** A page to measure: its id, rendered Markdown, the language of its article, its heading and the files that date it (`datingFiles`). */
export interface PageToMeasure {
  id: string;
  html: string;
  lang: string;
  heading: string;
  datedBy: string[];
}

/**
 * A page's measures: reading minutes (undefined for a page without text), its search-words
 * element ('' for none) and the date of its source (milliseconds since 1970, undefined for none).
 */
export interface PageMeasures {
  id: string;
  lang: string;
  minutes: number | undefined;
  searchWords: string;
  date: number | undefined;
}

/** The measures of one page: what PageMeta and MarkdownContent would compute from it. */
export function measurePage(page: PageToMeasure): PageMeasures {
  return {
    id: page.id,
    lang: page.lang,
    minutes: readingMinutesOfText(htmlText(page.html), page.lang),
    searchWords: querySegmentsHtml(page.html, page.heading, page.lang),
    date: dateOfFiles(page.datedBy)?.getTime(),
  };
}

/** Pages sent to the worker in one message: fewer messages, and results back soon enough. */
const PAGES_PER_MESSAGE = 50;

/**
 * Measures pages in a worker thread, started with the first page; each result goes into
 * `measured` as it arrives. The worker ends once it has answered every page sent before `close`.
 */
export class TextMeasures {
  #measured: Map<string, PageMeasures>;
  #worker: Worker | undefined;
  #batch: PageToMeasure[] = [];
  #sent = 0;
  #answered = 0;
  #closing = false;
  #failed = false;
  #answeredAll = Promise.withResolvers<void>();

  constructor(measured: Map<string, PageMeasures>) {
    this.#measured = measured;
  }

  add(page: PageToMeasure): void {
    if (this.#failed || this.#closing) return;
    this.#batch.push(page);
    if (this.#batch.length >= PAGES_PER_MESSAGE) this.#send();
  }

  /** Sends what is left; the worker ends after its last answer. Pages added afterwards are measured inline, when they render. */
  close(): void {
    this.#send();
    this.#closing = true;
    if (this.#answered === this.#sent) this.#end();
  }

  /** Settles once every page sent has its answer, or the worker failed (its pages are then measured as they render). */
  answered(): Promise<void> {
    return this.#answeredAll.promise;
  }

  #end(): void {
    void this.#worker?.terminate();
    this.#answeredAll.resolve();
  }

  #send(): void {
    if (this.#batch.length === 0 || this.#failed) return;
    const worker = (this.#worker ??= this.#start());
    worker.postMessage(this.#batch);
    this.#sent += this.#batch.length;
    this.#batch = [];
  }

  #start(): Worker {
    const worker = startWorker(new URL('./text-measures-worker.ts', import.meta.url));
    worker.on('message', (measured: PageMeasures[]) => {
      for (const m of measured) this.#measured.set(m.id, m);
      this.#answered += measured.length;
      if (this.#closing && this.#answered === this.#sent) this.#end();
    });
    // The measures only save time: without the worker every page is measured as it renders.
    worker.on('error', () => {
      this.#failed = true;
      this.#answeredAll.resolve();
    });
    worker.unref();
    return worker;
  }
}
