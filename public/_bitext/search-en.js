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
  var container = document.getElementById('starlight__search');
  if (!host || !container) return;
  var bundle = host.getAttribute('data-bt-en-search') || '';
  var primaryBundle = host.getAttribute('data-bt-primary') || '/pagefind/';
  /** @type {{ matched: string, heading: string, more: string }} */
  var strings = JSON.parse(host.getAttribute('data-bt-strings') || '{}');
  var LATIN = /\p{Script=Latin}/u;
  /** Results the reader's index gives are read up to this many, to leave them out below. */
  var PRIMARY_LIMIT = 200;
  var PAGE = 10;

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

  /** @type {Promise<[any, any]> | undefined} */
  var loading;
  function load() {
    if (!loading) {
      loading = Promise.all([import(primaryBundle + 'pagefind.js'), import(bundle + 'pagefind.js')]).then(function (modules) {
        return Promise.all([modules[0].init(), modules[1].init()]).then(function () {
          return /** @type {[any, any]} */ (modules);
        });
      });
    }
    return loading;
  }
  /** @param {string} url */
  function key(url) {
    return url.replace(/index\.html$/, '').replace(/\/$/, '');
  }

  var generation = 0;
  /** @type {any[]} */
  var pending = [];
  /** @param {string} query */
  function search(query) {
    var mine = ++generation;
    if (!query || !LATIN.test(query)) {
      show([], mine);
      return;
    }
    load()
      .then(function (modules) {
        return Promise.all([modules[0].search(query), modules[1].search(query)]);
      })
      .then(function (found) {
        if (mine !== generation) return;
        var primary = (found[0] && found[0].results) || [];
        var english = (found[1] && found[1].results) || [];
        if (english.length === 0) return show([], mine);
        return Promise.all(primary.slice(0, PRIMARY_LIMIT).map(function (/** @type {any} */ r) {
          return r.data();
        })).then(function (data) {
          if (mine !== generation) return;
          /** @type {Record<string, boolean>} */
          var seen = {};
          data.forEach(function (d) {
            seen[key(d.url)] = true;
          });
          show(english, mine, seen);
        });
      })
      .catch(function () {
        show([], mine);
      });
  }

  /**
   * @param {any[]} english
   * @param {number} mine
   * @param {Record<string, boolean>} [seen]
   */
  function show(english, mine, seen) {
    list.textContent = '';
    pending = english.slice();
    section.hidden = true;
    if (english.length === 0) return;
    next(mine, seen || {});
  }
  /** @type {Record<string, boolean>} */
  var lastSeen = {};
  /**
   * @param {number} mine
   * @param {Record<string, boolean>} seen
   */
  function next(mine, seen) {
    lastSeen = seen;
    var batch = pending.splice(0, PAGE);
    Promise.all(batch.map(function (r) {
      return r.data();
    })).then(function (data) {
      if (mine !== generation) return;
      data.forEach(function (d) {
        if (seen[key(d.url)]) return;
        seen[key(d.url)] = true;
        list.appendChild(item(d));
      });
      more.hidden = pending.length === 0;
      section.hidden = list.children.length === 0;
      // Every result of this batch was among the reader's: read on.
      if (list.children.length < PAGE && pending.length > 0) next(mine, seen);
    });
  }
  more.addEventListener('click', function () {
    var first = list.children.length;
    next(generation, lastSeen);
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
    clearTimeout(timer);
    timer = window.setTimeout(function () {
      search(input.value.trim());
    }, 300);
  });
})();
