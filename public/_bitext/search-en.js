// @ts-check
// Bitext cross-language search (server side: src/site/search-english.ts).
//
// On a locale's pages, the search dialog of Starlight (Pagefind UI over the reader's index) is
// left as it is. Below it, this lists the pages of the locale that the query finds only through
// their English source (the locale's English bundle), in the reader's language: the translated
// title and summary, and a "matched in English" mark. Pages the reader's index found already are
// not repeated. A query without a Latin letter is not an English query and adds nothing.
(function () {
  'use strict';
  var host = document.querySelector('[data-bt-en-search]');
  var searchElement = document.getElementById('starlight__search');
  if (!host || !searchElement) return;
  var container = searchElement;
  var bundle = host.getAttribute('data-bt-en-search') || '';
  var primaryBundle = host.getAttribute('data-bt-primary') || '/pagefind/';
  /** @type {{ matched: string, heading: string, more: string }} */
  var strings = JSON.parse(host.getAttribute('data-bt-strings') || '{}');
  var LATIN = /\p{Script=Latin}/u;
  var PAGE = 10;
  /** Up to this many results in the reader's language, the English ones are searched at once. */
  var FEW_READER_RESULTS = 10;

  var section = document.createElement('section');
  section.className = 'bt-en-results';
  section.hidden = true;
  section.setAttribute('data-pagefind-ignore', 'all');
  var heading = document.createElement('h2');
  heading.id = 'bt-en-results-title';
  heading.textContent = strings.heading;
  section.setAttribute('aria-labelledby', heading.id);
  var list = document.createElement('ul');
  var more = document.createElement('button');
  more.type = 'button';
  more.className = 'bt-en-more';
  more.textContent = strings.more;
  section.appendChild(heading);
  section.appendChild(list);
  section.appendChild(more);
  container.insertAdjacentElement('afterend', section);

  /** The reader's Pagefind module: the one the search UI loaded (one URL, one module, one worker). */
  function primary() {
    return import(primaryBundle + 'pagefind.js');
  }
  /** @type {Promise<{ instance: any, pages: Record<string, string> | undefined }> | undefined} */
  var englishLoad;
  /**
   * The English bundle, searched by an instance of the reader's Pagefind script (no second script,
   * worker or UI to download), and its page pairs (`pages.json`, ../../src/site/search-english.ts). Loaded at
   * the first English query, once the reader's results are shown.
   */
  function english() {
    if (!englishLoad) {
      englishLoad = primary().then(function (pagefind) {
        // In the page's thread: in the reader's web worker, Pagefind 1.6 searches a second
        // instance with the first one's state (7 pages of 73 for "invoice").
        var instance = pagefind.createInstance({ basePath: bundle, noWorker: true });
        var pages = fetch(bundle + 'pages.json')
          .then(function (response) {
            return response.ok ? response.json() : undefined;
          })
          .catch(function () {
            return undefined;
          });
        return Promise.all([instance.init(), pages]).then(function (loaded) {
          return { instance: instance, pages: loaded[1] };
        });
      });
    }
    return englishLoad;
  }
  /** A Pagefind page id without its language, as the page pairs hold it. @param {string} id */
  function withoutLanguage(id) {
    return String(id).slice(String(id).lastIndexOf('_') + 1);
  }

  /** Changes the search UI made to its results (the drawer: message, results, filters). */
  var draws = 0;
  /** @type {(() => void)[]} */
  var drawWaiters = [];
  new MutationObserver(function (records) {
    var inDrawer = records.some(function (record) {
      var node = record.target;
      var element = node.nodeType === 1 ? /** @type {Element} */ (node) : node.parentElement;
      return !!(element && element.closest('.pagefind-ui__drawer'));
    });
    if (!inDrawer) return;
    draws++;
    drawWaiters.slice().forEach(function (wake) {
      wake();
    });
  }).observe(container, { childList: true, subtree: true, characterData: true });

  /**
   * Resolves once the search UI has drawn the reader's results of the query typed when `since`
   * draws were counted, none of them a placeholder waiting for its fragment (or after `limit` ms):
   * the English bundle is fetched after the reader's results, not beside them. The UI draws more
   * than once for a query (its "searching" state first, with no result yet): when the reader's
   * index found pages (`found`), a drawn result is waited for too.
   * @param {number} since
   * @param {number} limit
   * @param {number} found
   */
  function readerShown(since, limit, found) {
    return drawn(function () {
      if (draws === since || container.querySelector('.pagefind-ui__results .pagefind-ui__loading')) return false;
      return found === 0 || container.querySelector('.pagefind-ui__results .pagefind-ui__result') !== null;
    }, limit);
  }

  /**
   * Resolves once `ready()` holds after a change of the search UI (or after `limit` ms).
   * @param {() => boolean} ready
   * @param {number} limit
   */
  function drawn(ready, limit) {
    return new Promise(function (resolve) {
      function wake() {
        if (ready()) finish();
      }
      function finish() {
        drawWaiters = drawWaiters.filter(function (waiter) {
          return waiter !== wake;
        });
        clearTimeout(timeout);
        resolve(undefined);
      }
      var timeout = isFinite(limit) ? setTimeout(finish, limit) : undefined;
      drawWaiters.push(wake);
      wake();
    });
  }

  var generation = 0;
  /** @type {any[]} */
  var pending = [];
  /**
   * @param {string} query
   * @param {number} since the UI's draws when the query was typed
   */
  function search(query, since) {
    var mine = ++generation;
    if (!query || !LATIN.test(query)) {
      show([], mine);
      return;
    }
    /** @type {any[]} */
    var readerResults = [];
    // The reader's index answers from what the UI's search loaded already.
    primary()
      .then(function (pagefind) {
        return pagefind.search(query);
      })
      .then(function (found) {
        readerResults = (found && found.results) || [];
        return readerShown(since, 3000, readerResults.length);
      })
      .then(function () {
        // Many results in the reader's language: the English ones, listed after them, are
        // searched once the reader has had the UI show them all ("Load more results").
        if (readerResults.length <= FEW_READER_RESULTS) return;
        return drawn(function () {
          return mine !== generation || !container.querySelector('.pagefind-ui__button');
        }, Infinity);
      })
      .then(function () {
        if (mine !== generation) return;
        return english().then(function (loaded) {
          return loaded.instance.search(query).then(function (/** @type {any} */ found) {
            if (mine !== generation) return;
            var results = (found && found.results) || [];
            if (results.length === 0) return show([], mine);
            var seen = seenByReader(readerResults, loaded.pages);
            show(results.filter(function (/** @type {any} */ r) {
              return !seen[withoutLanguage(r.id)];
            }), mine);
          });
        });
      })
      .catch(function () {
        show([], mine);
      });
  }

  /**
   * The English pages (their ids in the English bundle) the reader's results hold already, by
   * the page pairs: no download per result. Without the pairs (the file could not be read), none.
   * @param {any[]} readerResults
   * @param {Record<string, string> | undefined} pages
   * @returns {Record<string, boolean>}
   */
  function seenByReader(readerResults, pages) {
    /** @type {Record<string, boolean>} */
    var ids = {};
    if (pages) {
      readerResults.forEach(function (r) {
        var id = pages[withoutLanguage(r.id)];
        if (id) ids[id] = true;
      });
    }
    return ids;
  }

  /**
   * @param {any[]} english
   * @param {number} mine
   */
  function show(english, mine) {
    list.textContent = '';
    pending = english.slice();
    section.hidden = true;
    if (english.length === 0) return;
    next(mine);
  }
  /** @param {number} mine */
  function next(mine) {
    var batch = pending.splice(0, PAGE);
    Promise.all(batch.map(function (r) {
      return r.data();
    })).then(function (data) {
      if (mine !== generation) return;
      data.forEach(function (d) {
        list.appendChild(item(d));
      });
      more.hidden = pending.length === 0;
      section.hidden = list.children.length === 0;
    });
  }
  more.addEventListener('click', function () {
    var first = list.children.length;
    next(generation);
    // Keep the keyboard where the new results start.
    setTimeout(function () {
      var at = list.children[first];
      var link = at && at.querySelector('a');
      if (link) /** @type {HTMLElement} */ (link).focus();
    }, 300);
  });

  /** A result in the reader's language: text only, never markup. @param {any} d */
  function item(d) {
    var li = document.createElement('li');
    li.className = 'bt-en-result';
    var a = document.createElement('a');
    a.href = d.url;
    a.textContent = (d.meta && d.meta.title) || d.url;
    var mark = document.createElement('span');
    mark.className = 'bt-en-mark';
    mark.textContent = strings.matched;
    li.appendChild(a);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(mark);
    var summary = d.meta && d.meta.bt_summary;
    if (summary) {
      var p = document.createElement('p');
      p.textContent = summary;
      li.appendChild(p);
    }
    return li;
  }

  var timer = 0;
  container.addEventListener('input', function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    var input = target;
    var since = draws;
    clearTimeout(timer);
    timer = window.setTimeout(function () {
      search(input.value.trim(), since);
    }, 300);
  });
})();
