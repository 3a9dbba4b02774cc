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
    if (!english || root.getAttribute('data-bt-mode') !== 'hover') return;
    if (shownFor && shownFor !== sentence) hide();
    tip.innerHTML = english.innerHTML;
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
    if (!s || s === shownFor || root.getAttribute('data-bt-mode') !== 'hover') return;
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
    if (s && event.target === s) makeCurrent(s);
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
    if (root.getAttribute('data-bt-mode') !== 'hover' || event.altKey || event.ctrlKey || event.metaKey) return;
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
    if (mode === 'hover' && stops[0]) makeCurrent(stops[0]);
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
    if (event.key === KEY) apply(stored());
  });
  // A link can open the page in a mode (`?bilingual=sbs`, as the home page's examples do); it is
  // remembered like a choice made with the control.
  var asked = new URLSearchParams(location.search).get('bilingual');
  if (asked !== null && MODES.indexOf(asked) >= 0) remember(asked);
  apply(stored());
})();
