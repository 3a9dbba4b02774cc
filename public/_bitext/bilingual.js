// @ts-check
// Bitext bilingual reading mode (issue 4 §5; server side: src/site/bilingual.ts).
//
// A classic script placed right after the content of a machine-translated page, so it runs
// before the first paint: it applies the remembered mode (localStorage) and, in side-by-side
// mode, builds the English column before the reader sees the page.
//
// Modes: "off"; "hover": each sentence shows its English in a tooltip on hover (after a short
// delay, so it never fires by accident) or on keyboard focus, Escape closes it; "sbs": the
// English beside each block (stacked on narrow screens and in table cells).
//
// Keyboard in hover mode: the sentences are one tab stop (a roving tabindex: the current sentence
// has tabindex 0, the others -1), and the arrow keys, Home and End move between them, so a page
// of 200 sentences does not cost 200 presses of Tab. Sentences inside links are reached through
// the link.
(function () {
  'use strict';
  var KEY = 'bitext:bilingual';
  var MODES = ['off', 'hover', 'sbs'];
  var HOVER_DELAY = 400;
  var root = document.documentElement;
  var script = document.currentScript;
  /** @param {string} name @returns {any} */
  function dataOf(name) {
    try {
      return JSON.parse((script && script.getAttribute(name)) || '{}');
    } catch (e) {
      return {};
    }
  }
  /** @type {Record<string, string>} Unit id of each sentence, by its `data-bt` key. */
  var units = dataOf('data-bt-units');
  /** @type {Record<string, string>} "stale" or "machine", by key. */
  var marks = dataOf('data-bt-marks');
  /** @type {Record<string, string>} */
  var strings = dataOf('data-bt-strings');
  var feedback = (script && script.getAttribute('data-bt-feedback')) || '';
  var documentPath = (script && script.getAttribute('data-bt-doc')) || '';
  var locale = (script && script.getAttribute('data-bt-locale')) || '';
  // The reading mode (off / hover / side by side) is offered on machine-translated pages only.
  var reading = !!document.querySelector('input[name="bt-mode"]');
  var block = document.querySelector('.bt-sources');
  if (!block) return;
  var content = block.parentElement;
  if (!content) return;
  /** @type {Record<string, Element>} The English of each sentence, by its `data-bt` key. */
  var sources = {};
  Array.prototype.forEach.call(block.querySelectorAll('[data-bt-src]'), function (/** @type {Element} */ el) {
    sources[el.getAttribute('data-bt-src') || ''] = el;
  });
  var sentences = content.querySelectorAll('.bt[data-bt]');

  /** @returns {string} */
  function stored() {
    try {
      var value = localStorage.getItem(KEY);
      return value !== null && MODES.indexOf(value) >= 0 ? value : 'off';
    } catch (e) {
      return 'off';
    }
  }
  /** @param {string} mode */
  function remember(mode) {
    try {
      localStorage.setItem(KEY, mode);
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
  }
  /** @param {Element} sentence @returns {Element | undefined} */
  function englishOf(sentence) {
    return sources[sentence.getAttribute('data-bt') || ''];
  }

  // ---------------------------------------------------------------- hover / focus tooltip
  var tip = document.createElement('div');
  tip.id = 'bt-tip';
  tip.className = 'bt-tip';
  tip.setAttribute('role', 'tooltip');
  tip.setAttribute('lang', 'en');
  tip.setAttribute('dir', 'ltr');
  tip.setAttribute('data-pagefind-ignore', 'all');
  tip.hidden = true;
  // Inside <main>, so the tooltip belongs to the page's landmarks.
  (content.closest('main') || document.body).appendChild(tip);
  /** @type {Element | null} */
  var shownFor = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var showTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  var hideTimer;

  /** @param {Element} sentence */
  function owner(sentence) {
    // Inside a link the link itself is focusable: it gets the description.
    return sentence.closest('a') || sentence;
  }
  /** @param {Element} sentence */
  function show(sentence) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    var english = englishOf(sentence);
    var mark = shownMark(sentence);
    if (!english || (root.getAttribute('data-bt-mode') !== 'hover' && !mark)) return;
    if (shownFor && shownFor !== sentence) hide();
    // The English is the page's own escaped HTML (src/site/bilingual.ts); the label is text.
    tip.innerHTML = english.innerHTML;
    if (mark) {
      var label = document.createElement('span');
      label.className = 'bt-tip-label';
      label.setAttribute('lang', root.lang);
      label.textContent = (mark === 'stale' ? strings.stale : strings.machine) + ' ';
      tip.insertBefore(label, tip.firstChild);
    }
    tip.hidden = false;
    shownFor = sentence;
    place();
    sentence.classList.add('bt-active');
    owner(sentence).setAttribute('aria-describedby', 'bt-tip');
  }
  // Fixed to the viewport, under the sentence (above it when there is no room below).
  function place() {
    if (!shownFor) return;
    var r = shownFor.getBoundingClientRect();
    var viewport = document.documentElement.clientWidth;
    var width = Math.min(tip.offsetWidth, viewport - 16);
    tip.style.left = Math.max(8, Math.min(r.left, viewport - width - 8)) + 'px';
    var below = r.bottom + 6;
    tip.style.top = (below + tip.offsetHeight > window.innerHeight && r.top > tip.offsetHeight + 6 ? r.top - tip.offsetHeight - 6 : below) + 'px';
  }
  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    tip.hidden = true;
    if (shownFor) {
      shownFor.classList.remove('bt-active');
      owner(shownFor).removeAttribute('aria-describedby');
    }
    shownFor = null;
  }
  /**
   * @param {EventTarget | null} target
   * @returns {Element | null}
   */
  function sentenceOf(target) {
    if (!(target instanceof Element)) return null;
    var s = target.closest('.bt[data-bt]');
    if (s && content && content.contains(s)) return s;
    // A focused link whose text is a sentence.
    var inner = target.matches('a') ? target.querySelector('.bt[data-bt]') : null;
    return inner && content && content.contains(inner) ? inner : null;
  }
  content.addEventListener('mouseover', function (event) {
    var s = sentenceOf(event.target);
    if (!s || s === shownFor || (root.getAttribute('data-bt-mode') !== 'hover' && !shownMark(s))) return;
    clearTimeout(showTimer);
    showTimer = setTimeout(function () {
      show(/** @type {Element} */ (s));
    }, HOVER_DELAY);
  });
  content.addEventListener('mouseout', function (event) {
    var s = sentenceOf(event.target);
    if (!s) return;
    clearTimeout(showTimer);
    if (s === shownFor && !(event.relatedTarget instanceof Node && s.contains(event.relatedTarget))) {
      hideTimer = setTimeout(hide, 300);
    }
  });
  // The tooltip is hoverable: moving onto it keeps it open (WCAG 1.4.13).
  tip.addEventListener('mouseenter', function () {
    clearTimeout(hideTimer);
  });
  tip.addEventListener('mouseleave', function () {
    hideTimer = setTimeout(hide, 300);
  });
  content.addEventListener('focusin', function (event) {
    var s = sentenceOf(event.target);
    if (s) show(s);
    // Roving focus in hover and suggestion modes; otherwise each marked sentence stays a tab stop.
    if (s && event.target === s && (suggesting || root.getAttribute('data-bt-mode') === 'hover')) makeCurrent(s);
  });
  content.addEventListener('focusout', function (event) {
    if (sentenceOf(event.target)) hide();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && shownFor) hide();
  });
  window.addEventListener('resize', hide);
  window.addEventListener('scroll', place, { passive: true });

  // ---------------------------------------------------------------- roving focus (hover mode)
  /** @type {Element[]} The sentences that take focus themselves (not inside a link). */
  var stops = Array.prototype.filter.call(sentences, function (/** @type {Element} */ s) {
    return !s.closest('a');
  });
  /** @param {Element} sentence */
  function makeCurrent(sentence) {
    stops.forEach(function (s) {
      s.setAttribute('tabindex', s === sentence ? '0' : '-1');
    });
  }
  var STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  content.addEventListener('keydown', function (event) {
    if ((root.getAttribute('data-bt-mode') !== 'hover' && !suggesting) || event.altKey || event.ctrlKey || event.metaKey) return;
    var at = stops.indexOf(/** @type {Element} */ (event.target));
    if (at < 0) return;
    var key = event.key;
    var rtl = getComputedStyle(/** @type {Element} */ (event.target)).direction === 'rtl';
    var step = key === 'Home' ? -at : key === 'End' ? stops.length - 1 - at : /** @type {Record<string, number>} */ (STEP)[key];
    if (step === undefined) return;
    // Left and right follow the reading direction.
    if (rtl && (key === 'ArrowLeft' || key === 'ArrowRight')) step = -step;
    var next = stops[Math.max(0, Math.min(stops.length - 1, at + step))];
    event.preventDefault();
    if (!next || next === event.target) return;
    makeCurrent(next);
    /** @type {HTMLElement} */ (next).focus();
  });

  // ---------------------------------------------------------------- side by side
  var built = false;
  var BLOCKS = 'p, li, td, th, h2, h3, h4, h5, h6, dt, dd, figcaption';
  var NESTED = /^(UL|OL|P|DIV|TABLE|PRE|BLOCKQUOTE|ASIDE|FIGURE|DL|SECTION)$/;

  /**
   * @param {Node[]} nodes
   * @param {string} tagName
   */
  function englishCopy(nodes, tagName) {
    var en = document.createElement(tagName);
    en.className = 'bt-en';
    en.setAttribute('lang', 'en');
    en.setAttribute('dir', 'ltr');
    en.setAttribute('data-pagefind-ignore', 'all');
    nodes.forEach(function (n) {
      en.appendChild(n.cloneNode(true));
    });
    Array.prototype.forEach.call(en.querySelectorAll('.bt[data-bt]'), function (/** @type {Element} */ s) {
      var english = englishOf(s);
      var span = document.createElement('span');
      span.className = 'bt-src';
      var mark = s.getAttribute('data-bt-mark');
      if (mark) span.setAttribute('data-bt-mark', mark);
      if (english) span.innerHTML = english.innerHTML;
      else span.textContent = s.textContent;
      if (s.parentNode) s.parentNode.replaceChild(span, s);
    });
    // The copy adds no ids, tab stops or buttons: the translation has them already.
    Array.prototype.forEach.call(en.querySelectorAll('[id]'), function (/** @type {Element} */ el) {
      el.removeAttribute('id');
    });
    Array.prototype.forEach.call(en.querySelectorAll('a, button, input, [tabindex]'), function (/** @type {Element} */ el) {
      var span = document.createElement('span');
      while (el.firstChild) span.appendChild(el.firstChild);
      if (el.parentNode) el.parentNode.replaceChild(span, el);
    });
    return en;
  }
  function buildSideBySide() {
    if (built) return;
    built = true;
    /** @type {Element[]} */
    var blocks = [];
    Array.prototype.forEach.call(sentences, function (/** @type {Element} */ s) {
      var b = s.closest(BLOCKS);
      if (b && content && content.contains(b) && blocks.indexOf(b) < 0) blocks.push(b);
    });
    blocks.forEach(function (b) {
      if (/^H[2-6]$/.test(b.tagName)) {
        var en = englishCopy(Array.prototype.slice.call(b.childNodes), 'p');
        en.className += ' bt-en-heading';
        var wrapper = b.parentElement && b.parentElement.classList.contains('sl-heading-wrapper') ? b.parentElement : b;
        if (wrapper.parentNode) wrapper.parentNode.insertBefore(en, wrapper.nextSibling);
        return;
      }
      // The block's own inline content: its children up to the first nested block.
      /** @type {Node[]} */
      var inline = [];
      for (var n = b.firstChild; n && !(n.nodeType === 1 && NESTED.test(n.nodeName)); n = n.nextSibling) inline.push(n);
      if (inline.length === 0) return;
      var row = document.createElement('span');
      row.className = 'bt-row';
      var tr = document.createElement('span');
      tr.className = 'bt-tr';
      b.insertBefore(row, inline[0] || null);
      var english = englishCopy(inline, 'span');
      inline.forEach(function (node) {
        tr.appendChild(node);
      });
      row.appendChild(tr);
      row.appendChild(english);
    });
  }

  // ---------------------------------------------------------------- the mode
  /** @param {string} mode */
  function apply(mode) {
    hide();
    root.setAttribute('data-bt-mode', mode);
    if (mode === 'sbs') buildSideBySide();
    Array.prototype.forEach.call(sentences, function (/** @type {Element} */ s) {
      s.removeAttribute('tabindex');
    });
    if ((mode === 'hover' || suggesting) && stops[0]) makeCurrent(stops[0]);
    else markedStops();
    Array.prototype.forEach.call(document.querySelectorAll('input[name="bt-mode"]'), function (/** @type {HTMLInputElement} */ input) {
      input.checked = input.value === mode;
    });
  }
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== 'bt-mode' || MODES.indexOf(input.value) < 0) return;
    remember(input.value);
    apply(input.value);
  });
  // Another tab changed the mode.
  window.addEventListener('storage', function (event) {
    if (event.key === KEY && reading) apply(stored());
  });

  // ---------------------------------------------------------------- marks
  // A sentence whose English changed since translation has a bar in the margin and shows the
  // current English on hover and focus (it is a tab stop of its own). Machine-translated sentences
  // of a partly reviewed page get the same mark when the reader asks for it.
  var MARK_KEY = 'bitext:mark-machine';
  var BLOCK_OF_MARK = 'p, li, td, th, h2, h3, h4, h5, h6, dt, dd, figcaption, blockquote';
  var machineCount = 0;
  Array.prototype.forEach.call(sentences, function (/** @type {Element} */ s) {
    var mark = marks[s.getAttribute('data-bt') || ''];
    if (mark !== 'stale' && mark !== 'machine') return;
    s.setAttribute('data-bt-mark', mark);
    if (mark === 'machine') machineCount++;
    var b = s.closest(BLOCK_OF_MARK);
    if (b) b.classList.add(mark === 'stale' ? 'bt-block-stale' : 'bt-block-machine');
  });
  /** @param {Element} sentence @returns {string} */
  function shownMark(sentence) {
    var mark = sentence.getAttribute('data-bt-mark') || '';
    if (mark === 'machine' && root.getAttribute('data-bt-mark-machine') !== 'on') return '';
    return mark;
  }
  function markedStops() {
    stops.forEach(function (s) {
      if (shownMark(s)) s.setAttribute('tabindex', '0');
    });
  }
  /** @returns {Element} The bar under the title, made when the page has none. */
  function bar() {
    var existing = document.querySelector('.bt-bar');
    if (existing) return existing;
    var made = document.createElement('div');
    made.className = 'bt-bar';
    made.setAttribute('data-pagefind-ignore', 'all');
    var h1 = document.querySelector('main h1');
    if (h1 && h1.parentNode) h1.parentNode.insertBefore(made, h1.nextSibling);
    else if (content) content.insertBefore(made, content.firstChild);
    return made;
  }
  /**
   * Before the reading-mode control, so Tab goes from the mode straight to the sentences.
   * @param {Element} control
   */
  function addToBar(control) {
    var b = bar();
    b.insertBefore(control, b.querySelector('.bt-mode'));
  }
  /** @param {boolean} on */
  function markMachine(on) {
    root.setAttribute('data-bt-mark-machine', on ? 'on' : 'off');
    if (!suggesting && root.getAttribute('data-bt-mode') !== 'hover') {
      Array.prototype.forEach.call(sentences, function (/** @type {Element} */ s) {
        s.removeAttribute('tabindex');
      });
      markedStops();
    }
  }
  // A partly reviewed page: some sentences are machine translation, others are not.
  if (machineCount > 0 && machineCount < sentences.length) {
    var option = document.createElement('label');
    option.className = 'bt-mark-option';
    var box = document.createElement('input');
    box.type = 'checkbox';
    var remembered = false;
    try {
      remembered = localStorage.getItem(MARK_KEY) === 'on';
    } catch (e) {
      /* no storage */
    }
    box.checked = remembered;
    option.appendChild(box);
    option.appendChild(document.createTextNode(' ' + (strings.markMachine || '')));
    addToBar(option);
    box.addEventListener('change', function () {
      try {
        localStorage.setItem(MARK_KEY, box.checked ? 'on' : 'off');
      } catch (e) {
        /* private mode */
      }
      markMachine(box.checked);
    });
    root.setAttribute('data-bt-mark-machine', remembered ? 'on' : 'off');
  }

  // ---------------------------------------------------------------- suggestions
  // "Suggest a better translation": the button turns the sentences into choices (pointer: click;
  // keyboard: Tab to the sentences, arrows between them, Enter). The dialog shows the sentence and
  // its English as text, takes the reader's translation, and hands over a suggestion record:
  // to the feedback URL set at build time, or as a downloaded file.
  var suggesting = false;
  var suggestButton = document.createElement('button');
  suggestButton.type = 'button';
  suggestButton.className = 'bt-suggest-toggle';
  suggestButton.textContent = strings.suggest || 'Suggest a better translation';
  suggestButton.setAttribute('aria-pressed', 'false');
  var help = document.createElement('p');
  help.className = 'bt-suggest-help';
  help.id = 'bt-suggest-help';
  help.textContent = strings.suggestHelp || '';
  help.hidden = true;
  var suggestBar = bar();
  addToBar(suggestButton);
  suggestBar.parentNode && suggestBar.parentNode.insertBefore(help, suggestBar.nextSibling);
  /** @param {boolean} on */
  function setSuggesting(on) {
    suggesting = on;
    suggestButton.setAttribute('aria-pressed', on ? 'true' : 'false');
    help.hidden = !on;
    root.setAttribute('data-bt-suggest', on ? 'on' : 'off');
    Array.prototype.forEach.call(sentences, function (/** @type {Element} */ s) {
      s.removeAttribute('tabindex');
      if (on) s.setAttribute('aria-describedby', help.id);
      else if (s.getAttribute('aria-describedby') === help.id) s.removeAttribute('aria-describedby');
    });
    if (on && stops[0]) {
      makeCurrent(stops[0]);
      /** @type {HTMLElement} */ (stops[0]).focus();
    } else markedStops();
  }
  suggestButton.addEventListener('click', function () {
    setSuggesting(!suggesting);
  });
  content.addEventListener('click', function (event) {
    if (!suggesting) return;
    var s = sentenceOf(event.target);
    if (!s) return;
    event.preventDefault();
    openSuggestion(s);
  });
  content.addEventListener('keydown', function (event) {
    if (!suggesting || (event.key !== 'Enter' && event.key !== ' ')) return;
    var s = sentenceOf(event.target);
    if (!s) return;
    event.preventDefault();
    openSuggestion(s);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && suggesting && !document.querySelector('dialog.bt-suggest[open]')) setSuggesting(false);
  });

  /** @param {string} tag @param {string} [className] @param {string} [text] */
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /** @param {Element} sentence */
  function openSuggestion(sentence) {
    hide();
    var key = sentence.getAttribute('data-bt') || '';
    var english = englishOf(sentence);
    var current = (sentence.textContent || '').trim();
    var source = english ? (english.textContent || '').trim() : '';
    var dialog = /** @type {HTMLDialogElement} */ (el('dialog', 'bt-suggest'));
    dialog.setAttribute('aria-labelledby', 'bt-suggest-title');
    dialog.setAttribute('data-pagefind-ignore', 'all');
    var form = /** @type {HTMLFormElement} */ (el('form'));
    form.method = 'dialog';
    var title = el('h2', '', strings.suggestTitle || '');
    title.id = 'bt-suggest-title';
    form.appendChild(title);
    var dl = el('dl');
    dl.appendChild(el('dt', '', strings.current || ''));
    dl.appendChild(el('dd', 'bt-suggest-current', current));
    dl.appendChild(el('dt', '', strings.english || ''));
    var en = el('dd', 'bt-suggest-english', source);
    en.setAttribute('lang', 'en');
    en.setAttribute('dir', 'ltr');
    dl.appendChild(en);
    form.appendChild(dl);
    var label = /** @type {HTMLLabelElement} */ (el('label', '', strings.yourSuggestion || ''));
    label.htmlFor = 'bt-suggest-text';
    var text = /** @type {HTMLTextAreaElement} */ (el('textarea'));
    text.id = 'bt-suggest-text';
    text.rows = 4;
    text.value = current;
    form.appendChild(label);
    form.appendChild(text);
    var status = el('p', 'bt-suggest-status');
    status.setAttribute('role', 'status');
    form.appendChild(status);
    var buttons = el('div', 'bt-suggest-buttons');
    var send = /** @type {HTMLButtonElement} */ (el('button', 'bt-suggest-send', feedback ? strings.send : strings.download));
    send.type = 'button';
    var cancel = /** @type {HTMLButtonElement} */ (el('button', 'bt-suggest-cancel', strings.cancel || ''));
    cancel.type = 'button';
    buttons.appendChild(send);
    buttons.appendChild(cancel);
    form.appendChild(buttons);
    dialog.appendChild(form);
    (content && content.closest('main') || document.body).appendChild(dialog);
    function close() {
      dialog.close();
      dialog.remove();
      /** @type {HTMLElement} */ (sentence).focus();
    }
    cancel.addEventListener('click', close);
    dialog.addEventListener('cancel', function (event) {
      event.preventDefault();
      close();
    });
    send.addEventListener('click', function () {
      var suggestion = text.value.trim();
      if (!suggestion || suggestion === current) {
        text.focus();
        return;
      }
      var record = {
        kind: 'bitext-suggestion',
        version: 1,
        document: documentPath,
        locale: locale,
        unit: units[key] || '',
        target: current,
        source: source,
        suggestion: suggestion,
        page: location.pathname,
        created: new Date().toISOString(),
      };
      deliver(record);
      status.textContent = strings.sent || '';
      setTimeout(close, 1200);
    });
    dialog.showModal();
    text.focus();
  }
  /** @param {Record<string, string | number>} record */
  function deliver(record) {
    var json = JSON.stringify(record, null, 2);
    if (feedback) {
      var body = 'Suggested translation (Bitext reader suggestion):\n\n```json\n' + json + '\n```\n';
      var values = /** @type {Record<string, string>} */ ({
        title: 'Translation suggestion: ' + record.document + ' (' + record.locale + ')',
        body: body,
        document: String(record.document),
        locale: String(record.locale),
        unit: String(record.unit),
      });
      var url = feedback.replace(/\{(title|body|document|locale|unit)\}/g, function (_, name) {
        return encodeURIComponent(values[name] || '');
      });
      // Only a web address leaves the page (the template is checked at build time too).
      if (/^https?:\/\//i.test(url)) window.open(url, '_blank', 'noopener');
      return;
    }
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([json + '\n'], { type: 'application/json' }));
    a.download = 'suggestion-' + String(record.locale).toLowerCase() + '-' + String(record.unit).replace(/[^A-Za-z0-9_-]/g, '_') + '.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
    }, 1000);
  }

  // A link can open the page in a mode (`?bilingual=sbs`, as the home page's examples do); it is
  // remembered like a choice made with the control.
  var asked = new URLSearchParams(location.search).get('bilingual');
  if (asked !== null && MODES.indexOf(asked) >= 0) remember(asked);
  apply(reading ? stored() : 'off');
})();
