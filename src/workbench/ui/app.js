// The translator's workbench in the browser: plain JavaScript, no build step, nothing loaded
// from the network. The server (src/workbench/server.ts) owns the files; this page keeps the
// edits not yet confirmed, and sends a target as text and references to its source's codes.
//
// The target editor is a contenteditable element whose inline codes are chips with
// contenteditable="false": the caret moves over a chip as over one character, Backspace removes
// it whole, and the text around it stays plain text (a textarea could not show a code as one
// undeletable-by-accident token without a second, parallel representation of the text).
'use strict';

const $ = (id) => document.getElementById(id);
const PROGRESS_LABEL = { new: 'new', machine: 'machine translation', translated: 'translated', reviewed: 'reviewed', changed: 'English changed' };
const ALT_LABEL = { 'bitext-previous-version': 'previous version', 'bitext-tm': 'memory (at extraction)', reader: "reader's suggestion", 'bitext-translate': 'your earlier text' };
const PROGRESS_ORDER = ['reviewed', 'translated', 'machine', 'changed', 'new'];

const state = {
  files: [],
  file: null,
  rows: new Map(),
  order: [],
  current: null,
  matches: new Map(),
  previewUnits: {},
  previewTimer: 0,
  find: { at: -1 },
};

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) {
    const error = new Error(data.error || `HTTP ${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function say(message, bad = false) {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('bad', bad);
  clearTimeout(say.timer);
  say.timer = setTimeout(() => (status.textContent = ''), bad ? 6000 : 2500);
}

// ---------------------------------------------------------------- files

async function loadFiles() {
  const data = await api('/api/files');
  state.files = data.files;
  renderFiles();
  // Files still being read: their progress comes with the next answer.
  clearTimeout(loadFiles.timer);
  if (data.pending) loadFiles.timer = setTimeout(() => loadFiles().catch(() => undefined), 700);
}

function renderFiles() {
  const list = $('file-list');
  const filter = $('file-filter').value.trim().toLowerCase();
  const needsWork = $('file-needs-work').checked;
  list.textContent = '';
  const byLocale = new Map();
  for (const f of state.files) {
    if (filter && !`${f.path} ${f.locale} ${f.original}`.toLowerCase().includes(filter)) continue;
    if (needsWork && !f.pending && f.sentences.reviewed === f.units) continue;
    if (!byLocale.has(f.locale)) byLocale.set(f.locale, []);
    byLocale.get(f.locale).push(f);
  }
  for (const [locale, files] of byLocale) {
    const box = document.createElement('section');
    box.className = 'locale';
    const words = files.reduce((n, f) => n + f.words, 0);
    const reviewedWords = files.reduce((n, f) => n + f.wordsBy.reviewed, 0);
    const h = document.createElement('h3');
    h.textContent = `${locale}: ${files.length} files, ${reviewedWords} of ${words} words reviewed`;
    box.append(h);
    const ul = document.createElement('ul');
    for (const f of files) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'file-link';
      button.dataset.path = f.path;
      if (state.file && state.file.path === f.path) button.setAttribute('aria-current', 'true');
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = f.path.slice(f.path.indexOf('/') + 1);
      const bar = progressBar(f);
      const counts = document.createElement('span');
      counts.className = 'counts';
      counts.textContent = f.pending
        ? 'reading…'
        : f.error
        ? f.error
        : PROGRESS_ORDER.filter((p) => f.sentences[p]).map((p) => `${PROGRESS_LABEL[p]} ${f.sentences[p]} (${f.wordsBy[p]} w)`).join(' · ');
      button.append(name, bar, counts);
      button.addEventListener('click', () => openFile(f.path));
      li.append(button);
      ul.append(li);
    }
    box.append(ul);
    list.append(box);
  }
  if (!list.firstChild) list.textContent = state.files.length ? 'No file matches.' : 'No XLIFF files in this folder.';
}

function progressBar(f) {
  const bar = document.createElement('span');
  bar.className = 'bar';
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', `${f.sentences.reviewed} of ${f.units} sentences reviewed`);
  for (const p of PROGRESS_ORDER) {
    if (!f.words && !f.units) continue;
    const part = document.createElement('span');
    part.className = `p-${p}`;
    part.style.width = `${(100 * (f.words ? f.wordsBy[p] / f.words : f.sentences[p] / f.units)).toFixed(2)}%`;
    bar.append(part);
  }
  return bar;
}

// ---------------------------------------------------------------- one file

async function openFile(path, options = {}) {
  if (!options.keepEdits && hasUnsaved() && !confirm('Sentences you edited but did not confirm will be lost. Open the other file?')) return;
  let data;
  performance.mark('wb-open');
  try {
    data = await api(`/api/file?path=${encodeURIComponent(path)}`);
    performance.mark('wb-loaded');
  } catch (error) {
    say(error.message, true);
    return;
  }
  const kept = new Map();
  if (options.keepEdits && state.file && state.file.path === path) for (const [id, row] of state.rows) if (row.dirty) kept.set(id, currentParts(row));
  state.file = data;
  state.matches.clear();
  $('file-title').textContent = `${data.path} — ${data.original} (${data.locale}, ${data.units.length} sentences)`;
  document.title = `${data.path} · Bitext translate`;
  renderRows(kept);
  // How long opening took (the benchmark reads these): the request, then the rows.
  performance.measure('wb-request', 'wb-open', 'wb-loaded');
  performance.measure('wb-rows', 'wb-loaded');
  renderFiles();
  const wanted = options.unit && state.rows.has(options.unit) ? options.unit : (state.order.find((id) => state.rows.get(id).unit.progress !== 'reviewed') ?? state.order[0]);
  if (wanted) select(wanted, { focus: options.focus !== false });
  history.replaceState(null, '', `#file=${encodeURIComponent(path)}`);
  schedulePreview(0);
}

function hasUnsaved() {
  for (const row of state.rows.values()) if (row.dirty) return true;
  return false;
}

function renderRows(kept) {
  const rows = $('rows');
  rows.textContent = '';
  state.rows.clear();
  state.order = [];
  state.current = null;
  const fragment = document.createDocumentFragment();
  state.file.units.forEach((unit, index) => {
    const row = makeRow(unit, index);
    if (kept.has(unit.id)) {
      setParts(row, kept.get(unit.id));
      markDirty(row, true);
      row.history = [JSON.stringify(unit.target || []), JSON.stringify(kept.get(unit.id))];
      row.pos = 1;
    }
    state.rows.set(unit.id, row);
    state.order.push(unit.id);
    fragment.append(row.el);
  });
  rows.append(fragment);
  if (!state.order.length) rows.innerHTML = '<p class="empty">This file has no sentence to translate.</p>';
}

function makeRow(unit, index) {
  const el = document.createElement('div');
  el.className = 'row';
  el.dataset.unit = unit.id;
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', `Sentence ${index + 1}`);
  const num = document.createElement('span');
  num.className = 'num';
  num.textContent = String(index + 1);
  const source = document.createElement('div');
  source.className = 'source';
  source.lang = 'en';
  source.id = `src-${index}`;
  for (const part of unit.source) source.append(typeof part === 'string' ? part : chip(part));
  const editor = document.createElement('div');
  editor.className = 'target';
  editor.contentEditable = 'true';
  editor.spellcheck = true;
  editor.lang = state.file.locale;
  editor.dir = state.file.dir;
  editor.setAttribute('role', 'textbox');
  editor.setAttribute('aria-multiline', 'true');
  editor.setAttribute('aria-label', `Translation of sentence ${index + 1}`);
  editor.setAttribute('aria-describedby', `src-${index} err-${index}`);
  const badge = document.createElement('div');
  badge.className = 'state';
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = unit.notes.filter((n) => !n.startsWith('document: ')).join(' · ');
  const error = document.createElement('p');
  error.className = 'error';
  error.id = `err-${index}`;
  error.setAttribute('aria-live', 'polite');
  el.append(num, source, editor, badge, note, error);
  if (unit.readOnly) {
    editor.contentEditable = 'false';
    editor.tabIndex = 0;
    editor.setAttribute('aria-readonly', 'true');
    error.textContent = `Read only: ${unit.readOnly}.`;
  }
  const row = { unit, index, el, editor, badge, error, dirty: false, history: [JSON.stringify(unit.target || [])], pos: 0 };
  setParts(row, unit.target || []);
  renderBadge(row);
  editor.addEventListener('focus', () => select(unit.id, { focus: false }));
  editor.addEventListener('input', () => edited(row));
  editor.addEventListener('beforeinput', (event) => {
    if (event.inputType === 'historyUndo' || event.inputType === 'historyRedo') {
      event.preventDefault();
      step(row, event.inputType === 'historyUndo' ? -1 : 1);
    } else if (event.inputType === 'insertParagraph' || event.inputType === 'insertLineBreak') {
      event.preventDefault();
    }
  });
  editor.addEventListener('paste', (event) => {
    event.preventDefault();
    document.execCommand('insertText', false, event.clipboardData.getData('text/plain').replace(/\r?\n/g, ' '));
  });
  return row;
}

function chip(code, missing = false) {
  const span = document.createElement('span');
  span.className = missing ? 'chip missing' : 'chip';
  span.contentEditable = 'false';
  span.dataset.id = code.id;
  span.dataset.role = code.role;
  const n = code.n ?? '?';
  span.textContent = code.role === 'open' ? `<${n}>` : code.role === 'close' ? `</${n}>` : `<${n}/>`;
  span.title = code.label ?? '';
  span.setAttribute('aria-label', `code ${n}${code.role === 'open' ? ' start' : code.role === 'close' ? ' end' : ''}: ${code.label ?? ''}`);
  return span;
}

function setParts(row, parts) {
  row.editor.textContent = '';
  for (const part of parts) row.editor.append(typeof part === 'string' ? part : chip(sourceCode(row.unit, part) || part));
}

function sourceCode(unit, ref) {
  return unit.source.find((p) => typeof p !== 'string' && p.id === ref.id && p.role === ref.role);
}

/** The editor's content as text and code references. */
function currentParts(row) {
  const out = [];
  const push = (text) => {
    if (!text) return;
    if (typeof out[out.length - 1] === 'string') out[out.length - 1] += text;
    else out.push(text);
  };
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) push(child.data);
      else if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.classList.contains('chip')) out.push({ id: child.dataset.id, role: child.dataset.role });
        else if (child.tagName === 'BR') continue;
        else walk(child);
      }
    }
  };
  walk(row.editor);
  return out;
}

/** Codes of the source the target lacks or has too often: what cannot be confirmed. */
function codeProblems(row, parts) {
  const problems = [];
  const count = (list) => {
    const m = new Map();
    for (const p of list) if (typeof p !== 'string') m.set(`${p.id}\u0000${p.role}`, (m.get(`${p.id}\u0000${p.role}`) || 0) + 1);
    return m;
  };
  const have = count(parts);
  const want = count(row.unit.source);
  for (const [key, n] of want) {
    if ((have.get(key) || 0) < n) {
      const [id, role] = key.split('\u0000');
      const code = sourceCode(row.unit, { id, role });
      problems.push(`Code ${code.n}${role === 'open' ? ' (start)' : role === 'close' ? ' (end)' : ''} ${code.label} is missing: put it back with Ctrl+Shift+${code.n}.`);
    }
  }
  for (const [key, n] of have) if (n > (want.get(key) || 0)) problems.push('A code appears more often than in the source: remove one.');
  return problems;
}

function edited(row) {
  const parts = currentParts(row);
  const json = JSON.stringify(parts);
  if (json !== row.history[row.pos]) {
    row.history = row.history.slice(0, row.pos + 1);
    row.history.push(json);
    row.pos = row.history.length - 1;
  }
  markDirty(row, json !== JSON.stringify(row.unit.target || []));
  showCodeProblems(row, parts);
  scheduleCheck(row);
  schedulePreview();
}

function step(row, delta) {
  const pos = row.pos + delta;
  if (pos < 0 || pos >= row.history.length) return;
  row.pos = pos;
  setParts(row, JSON.parse(row.history[pos]));
  placeCaretAtEnd(row.editor);
  const parts = currentParts(row);
  markDirty(row, JSON.stringify(parts) !== JSON.stringify(row.unit.target || []));
  showCodeProblems(row, parts);
  scheduleCheck(row);
  schedulePreview();
}

function markDirty(row, dirty) {
  row.dirty = dirty;
  renderBadge(row);
}

function renderBadge(row) {
  row.badge.textContent = '';
  const badge = document.createElement('span');
  badge.className = `badge p-${row.unit.progress}`;
  badge.textContent = PROGRESS_LABEL[row.unit.progress];
  row.badge.append(badge);
  if (row.dirty) {
    const e = document.createElement('span');
    e.className = 'edited';
    e.textContent = 'edited, not confirmed';
    row.badge.append(e);
  }
}

function showCodeProblems(row, parts) {
  const problems = codeProblems(row, parts);
  row.error.textContent = problems.join(' ');
  if (problems.length) row.editor.setAttribute('aria-invalid', 'true');
  else row.editor.removeAttribute('aria-invalid');
  return problems;
}

// ---------------------------------------------------------------- moving

function select(id, { focus = true } = {}) {
  const row = state.rows.get(id);
  if (!row) return;
  if (state.current !== id) {
    const old = state.rows.get(state.current);
    if (old) old.el.classList.remove('current');
    state.current = id;
    row.el.classList.add('current');
    showMatches(row);
    scheduleCheck(row, 0);
    highlightPreview();
    history.replaceState(null, '', `#file=${encodeURIComponent(state.file.path)}&unit=${encodeURIComponent(id)}`);
  }
  if (focus && document.activeElement !== row.editor) {
    row.editor.focus({ preventScroll: true });
    placeCaretAtEnd(row.editor);
  }
  row.el.scrollIntoView({ block: 'nearest' });
}

function move(delta) {
  const at = state.order.indexOf(state.current);
  const next = state.order[at + delta];
  if (next) select(next);
}

function nextNeedingWork() {
  const at = state.order.indexOf(state.current);
  for (let k = 1; k <= state.order.length; k++) {
    const id = state.order[(at + k) % state.order.length];
    const row = state.rows.get(id);
    if (row.unit.progress !== 'reviewed' || row.dirty) return id;
  }
  return undefined;
}

function placeCaretAtEnd(editor) {
  const range = document.createRange();
  range.selectNodeContents(editor);
  range.collapse(false);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

// ---------------------------------------------------------------- confirming

async function confirmCurrent() {
  const row = state.rows.get(state.current);
  if (!row) return;
  if (row.unit.readOnly) {
    say(`Not confirmed: ${row.unit.readOnly}.`, true);
    return;
  }
  const parts = currentParts(row);
  const problems = showCodeProblems(row, parts);
  if (problems.length) {
    say(`Not confirmed: ${problems[0]}`, true);
    return;
  }
  if (!parts.some((p) => typeof p !== 'string' || p.trim())) {
    say('Not confirmed: the translation is empty.', true);
    return;
  }
  try {
    const result = await api('/api/save', { path: state.file.path, version: state.file.version, unit: row.unit.id, target: parts, state: 'final' });
    state.file.version = result.version;
    row.unit = result.unit;
    row.history = [JSON.stringify(parts)];
    row.pos = 0;
    markDirty(row, false);
    say('Saved.');
    refreshFileSummary();
    const next = nextNeedingWork();
    if (next) select(next);
  } catch (error) {
    if (error.status === 409) return conflict(row, parts);
    say(`Not saved: ${error.message}`, true);
  }
}

function conflict(row, parts) {
  const dialog = $('conflict');
  dialog.hidden = false;
  $('conflict-reload').focus();
  const close = () => {
    dialog.hidden = true;
    $('conflict-reload').onclick = $('conflict-keep').onclick = $('conflict-cancel').onclick = null;
  };
  $('conflict-reload').onclick = async () => {
    close();
    markDirty(row, true);
    await openFile(state.file.path, { keepEdits: true, unit: row.unit.id });
    say('Reloaded; your text is still in the editor, not saved.');
  };
  $('conflict-keep').onclick = async () => {
    close();
    try {
      await api('/api/keep', { path: state.file.path, unit: row.unit.id, target: parts });
      markDirty(row, false);
      await openFile(state.file.path, { keepEdits: true, unit: row.unit.id });
      say('Reloaded; your text is kept in the file as an alternative translation.');
    } catch (error) {
      say(error.message, true);
    }
  };
  $('conflict-cancel').onclick = () => {
    close();
    row.editor.focus();
  };
}

async function refreshFileSummary() {
  try {
    await loadFiles();
  } catch {
    // the list stays as it was
  }
}

// ---------------------------------------------------------------- inserting

function insertNodes(row, nodes) {
  const selection = getSelection();
  let range = selection.rangeCount ? selection.getRangeAt(0) : null;
  if (!range || !row.editor.contains(range.commonAncestorContainer)) {
    range = document.createRange();
    range.selectNodeContents(row.editor);
    range.collapse(false);
  }
  range.deleteContents();
  for (const node of nodes) {
    range.insertNode(node);
    range.setStartAfter(node);
    range.collapse(true);
  }
  selection.removeAllRanges();
  selection.addRange(range);
  edited(row);
}

function insertCodeNumber(n) {
  const row = state.rows.get(state.current);
  if (!row) return;
  const codes = row.unit.source.filter((p) => typeof p !== 'string' && p.n === n);
  if (!codes.length) return say(`This sentence has no code ${n}.`, true);
  const parts = currentParts(row);
  const have = (c) => parts.filter((p) => typeof p !== 'string' && p.id === c.id && p.role === c.role).length;
  const want = (c) => codes.filter((d) => d.role === c.role).length;
  const code = codes.find((c) => have(c) < want(c)) || codes[0];
  insertNodes(row, [chip(code)]);
}

function insertNextMissing() {
  const row = state.rows.get(state.current);
  if (!row) return;
  const parts = currentParts(row);
  const used = new Map();
  for (const p of parts) if (typeof p !== 'string') used.set(`${p.id}/${p.role}`, (used.get(`${p.id}/${p.role}`) || 0) + 1);
  for (const p of row.unit.source) {
    if (typeof p === 'string') continue;
    const key = `${p.id}/${p.role}`;
    if (used.get(key)) used.set(key, used.get(key) - 1);
    else return insertNodes(row, [chip(p)]);
  }
  say('The translation has every code of the source.');
}

function replaceTarget(row, parts) {
  setParts(row, parts);
  placeCaretAtEnd(row.editor);
  edited(row);
}

// ---------------------------------------------------------------- memory, checks

async function showMatches(row) {
  const list = $('matches');
  list.textContent = '';
  let matches = state.matches.get(row.unit.id);
  if (!matches) {
    showTerms([]);
    const li = document.createElement('li');
    li.textContent = 'Looking up…';
    list.append(li);
    let terms = [];
    try {
      const data = await api(`/api/matches?path=${encodeURIComponent(state.file.path)}&unit=${encodeURIComponent(row.unit.id)}`);
      matches = data.matches;
      terms = data.terms;
    } catch (error) {
      matches = [];
    }
    matches.terms = terms;
    state.matches.set(row.unit.id, matches);
    if (state.current !== row.unit.id) return;
    list.textContent = '';
  }
  showTerms(matches.terms || []);
  const alternatives = row.unit.alternatives || [];
  if (!matches.length && !alternatives.length) {
    const li = document.createElement('li');
    li.textContent = 'No match of 60 % or more.';
    list.append(li);
    return;
  }
  const source = plain(row.unit.source);
  for (const alt of alternatives) {
    const li = suggestionItem(row, source, alt, `${ALT_LABEL[alt.origin] || `kept in the file (${alt.origin || 'alternative'})`} `, 'Insert');
    li.className = 'alternative';
    list.append(li);
  }
  matches.forEach((m, k) => {
    const score = m.exact ? '100 % exact ' : `${Math.round(m.similarity)} % `;
    const li = suggestionItem(row, source, m, score, k === 0 ? 'Insert (Ctrl+M)' : k === 1 ? 'Insert (Ctrl+Shift+M)' : 'Insert');
    li.dataset.match = String(k);
    if (m.origin) li.title = m.origin;
    list.append(li);
  });
}

/** One proposal beside a unit (a memory match or an alternative the file keeps): its label, its target with code chips, an insert button, and its English with the difference to the unit's marked. */
function suggestionItem(row, source, proposal, labelText, buttonText) {
  const li = document.createElement('li');
  const label = document.createElement('span');
  label.className = 'score';
  label.textContent = labelText;
  const target = document.createElement('span');
  target.lang = state.file.locale;
  target.dir = state.file.dir;
  for (const part of proposal.target) target.append(typeof part === 'string' ? part : chip(part));
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = buttonText;
  button.addEventListener('click', () => replaceTarget(row, proposal.target));
  const src = document.createElement('div');
  src.className = 'src';
  src.lang = 'en';
  src.append(...diffNodes(source, proposal.source));
  li.append(label, target, ' ', button, src);
  return li;
}

function showTerms(terms) {
  const list = $('glossary');
  list.textContent = '';
  $('glossary-box').hidden = terms.length === 0;
  for (const t of terms) {
    const li = document.createElement('li');
    const source = document.createElement('span');
    source.lang = 'en';
    source.textContent = t.source;
    const target = document.createElement('span');
    target.lang = state.file.locale;
    target.dir = state.file.dir;
    target.textContent = t.translations.join(', ') || '(no translation)';
    li.append(source, ' → ', target);
    if (t.forbidden.length) {
      const bad = document.createElement('span');
      bad.className = 'forbidden';
      bad.textContent = ` (not: ${t.forbidden.join(', ')})`;
      li.append(bad);
    }
    if (t.note) li.title = t.note;
    list.append(li);
  }
}

function plain(parts) {
  return parts.map((p) => (typeof p === 'string' ? p : p.label || '')).join('');
}

/** The match's English with what differs from the current English marked (word diff). */
function diffNodes(current, other) {
  const a = current.split(/(\s+)/);
  const b = other.split(/(\s+)/);
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0;
  let j = 0;
  const mark = (tag, text) => {
    const el = document.createElement(tag);
    el.textContent = text;
    out.push(el);
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(document.createTextNode(b[j]));
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      mark('ins', b[j++]);
    } else {
      mark('del', a[i++]);
    }
  }
  return out;
}

function scheduleCheck(row, delay = 300) {
  clearTimeout(row.checkTimer);
  row.checkTimer = setTimeout(async () => {
    if (state.current !== row.unit.id) return;
    const parts = currentParts(row);
    let problems = [];
    try {
      problems = (await api('/api/check', { path: state.file.path, unit: row.unit.id, target: parts })).problems;
    } catch (error) {
      problems = [];
    }
    if (state.current !== row.unit.id) return;
    const list = $('checks');
    list.textContent = '';
    for (const p of problems) {
      const li = document.createElement('li');
      li.className = p.severity;
      li.textContent = `${p.severity === 'error' ? 'Error' : 'Warning'} (${p.code}): ${p.message}`;
      list.append(li);
    }
    if (!problems.length) {
      const li = document.createElement('li');
      li.textContent = parts.length ? 'No problem found.' : 'Nothing to check yet.';
      list.append(li);
    }
  }, delay);
}

// ---------------------------------------------------------------- preview

function schedulePreview(delay) {
  clearTimeout(state.previewTimer);
  // A long page takes the server a while to render: wait for a longer pause in typing.
  const wait = delay ?? (state.order.length > 300 ? 1500 : 500);
  state.previewTimer = setTimeout(renderPreview, wait);
}

/** One preview request at a time: edits made while one is rendered ask for one more after it. */
async function renderPreview() {
  if (state.previewBusy) {
    state.previewAgain = true;
    return;
  }
  state.previewBusy = true;
  try {
    await renderPreviewNow();
  } finally {
    state.previewBusy = false;
    if (state.previewAgain) {
      state.previewAgain = false;
      schedulePreview();
    }
  }
}

async function renderPreviewNow() {
  if (!state.file) return;
  const targets = {};
  for (const [id, row] of state.rows) if (row.dirty) targets[id] = currentParts(row);
  const path = state.file.path;
  let data;
  try {
    data = await api('/api/preview', { path, targets });
  } catch (error) {
    data = { html: `<!doctype html><html lang="en"><body><p>${escapeHtml(error.message)}</p></body></html>`, units: {} };
  }
  if (!state.file || state.file.path !== path) return;
  state.previewUnits = data.units;
  const frame = $('preview');
  const scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
  frame.onload = () => {
    const doc = frame.contentDocument;
    if (!doc) return;
    const style = doc.createElement('style');
    style.textContent = '::highlight(wb-current){background:#ffe58a;color:inherit}.wb-s,.wb-e{display:inline}body{cursor:pointer}';
    doc.head.append(style);
    frame.contentWindow.scrollTo(0, scroll);
    doc.addEventListener('click', previewClick);
    highlightPreview(false);
  };
  frame.srcdoc = data.html;
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function sentenceRange(doc, k) {
  const start = doc.querySelector(`.wb-s[data-k="${k}"]`);
  const end = doc.querySelector(`.wb-e[data-k="${k}"]`);
  if (!start || !end) return null;
  const range = doc.createRange();
  range.setStartAfter(start);
  range.setEndBefore(end);
  return range;
}

function highlightPreview(scroll = true) {
  const frame = $('preview');
  const doc = frame.contentDocument;
  const win = frame.contentWindow;
  if (!doc || !win || !win.CSS || !win.CSS.highlights) return;
  win.CSS.highlights.delete('wb-current');
  const k = Object.keys(state.previewUnits).find((key) => state.previewUnits[key] === state.current);
  if (k === undefined) return;
  const range = sentenceRange(doc, k);
  if (!range) return;
  win.CSS.highlights.set('wb-current', new win.Highlight(range));
  const box = range.getBoundingClientRect();
  if (box.top < 0 || box.bottom > win.innerHeight || !scroll) win.scrollTo({ top: win.scrollY + box.top - win.innerHeight / 3 });
}

function previewClick(event) {
  const doc = event.currentTarget;
  const caret = doc.caretRangeFromPoint(event.clientX, event.clientY);
  if (!caret) return;
  for (const k of Object.keys(state.previewUnits)) {
    const range = sentenceRange(doc, k);
    if (range && range.isPointInRange(caret.startContainer, caret.startOffset)) {
      select(state.previewUnits[k]);
      return;
    }
  }
}

// ---------------------------------------------------------------- find and replace

function openFind() {
  $('find-bar').hidden = false;
  $('find-text').focus();
  $('find-text').select();
}

function findRegExp() {
  const text = $('find-text').value;
  if (!text) return null;
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $('find-case').checked ? 'g' : 'gi');
}

/** The next target holding the text, from the current sentence on (wrapping). */
function findNext() {
  const re = findRegExp();
  if (!re) return null;
  const at = Math.max(0, state.order.indexOf(state.current));
  for (let k = 1; k <= state.order.length; k++) {
    const id = state.order[(at + k) % state.order.length];
    const row = state.rows.get(id);
    const texts = currentParts(row).filter((p) => typeof p === 'string');
    re.lastIndex = 0;
    if (texts.some((t) => re.test(t))) {
      select(id);
      $('find-status').textContent = `Found in sentence ${row.index + 1}.`;
      return row;
    }
  }
  $('find-status').textContent = 'Not found.';
  return null;
}

function replaceIn(row, all) {
  const re = findRegExp();
  if (!re) return 0;
  const replacement = $('replace-text').value;
  let count = 0;
  const parts = currentParts(row).map((p) => {
    if (typeof p !== 'string') return p;
    if (!all && count) return p;
    return p.replace(re, (m) => {
      if (!all && count) return m;
      count++;
      return replacement;
    });
  });
  if (count) replaceTarget(row, parts);
  return count;
}

// ---------------------------------------------------------------- keys

document.addEventListener('keydown', (event) => {
  const ctrl = event.ctrlKey || event.metaKey;
  if (!$('conflict').hidden || !$('help').hidden) {
    if (event.key === 'Escape') {
      $('help').hidden = true;
      $('conflict-cancel').click();
    }
    return;
  }
  if (ctrl && event.key === 'Enter') {
    event.preventDefault();
    confirmCurrent();
  } else if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    event.preventDefault();
    move(event.key === 'ArrowDown' ? 1 : -1);
  } else if (ctrl && event.shiftKey && /^Digit[1-9]$/.test(event.code)) {
    event.preventDefault();
    insertCodeNumber(Number(event.code.slice(5)));
  } else if (ctrl && event.key === ',') {
    event.preventDefault();
    insertNextMissing();
  } else if (ctrl && (event.key === 'm' || event.key === 'M')) {
    event.preventDefault();
    const row = state.rows.get(state.current);
    const match = row && (state.matches.get(row.unit.id) || [])[event.shiftKey ? 1 : 0];
    if (match) replaceTarget(row, match.target);
    else say('No match to insert.', true);
  } else if (ctrl && event.shiftKey && (event.key === 's' || event.key === 'S')) {
    event.preventDefault();
    const row = state.rows.get(state.current);
    if (row) replaceTarget(row, row.unit.source);
  } else if (ctrl && !event.shiftKey && (event.key === 'z' || event.key === 'Z')) {
    const row = state.rows.get(state.current);
    if (row && document.activeElement === row.editor) {
      event.preventDefault();
      step(row, -1);
    }
  } else if (ctrl && (event.key === 'y' || event.key === 'Y' || (event.shiftKey && (event.key === 'z' || event.key === 'Z')))) {
    const row = state.rows.get(state.current);
    if (row && document.activeElement === row.editor) {
      event.preventDefault();
      step(row, 1);
    }
  } else if (ctrl && !event.shiftKey && (event.key.toLowerCase() === 'h' || event.key.toLowerCase() === 'f')) {
    event.preventDefault();
    openFind();
  } else if (event.key === 'F1') {
    event.preventDefault();
    $('help').hidden = false;
    $('help-close').focus();
  } else if (event.key === 'Escape' && !$('find-bar').hidden) {
    $('find-bar').hidden = true;
    const row = state.rows.get(state.current);
    if (row) row.editor.focus();
  }
});

$('file-filter').addEventListener('input', renderFiles);
$('file-needs-work').addEventListener('change', renderFiles);
$('find-open').addEventListener('click', openFind);
$('find-close').addEventListener('click', () => ($('find-bar').hidden = true));
$('find-next').addEventListener('click', findNext);
$('find-bar').addEventListener('submit', (event) => {
  event.preventDefault();
  findNext();
});
$('replace-one').addEventListener('click', () => {
  const row = state.rows.get(state.current);
  if (!row || !replaceIn(row, false)) findNext();
});
$('replace-all').addEventListener('click', () => {
  let total = 0;
  for (const id of state.order) total += replaceIn(state.rows.get(id), true);
  $('find-status').textContent = `${total} replaced (not confirmed yet).`;
});
$('help-open').addEventListener('click', () => {
  $('help').hidden = false;
  $('help-close').focus();
});
$('help-close').addEventListener('click', () => ($('help').hidden = true));
window.addEventListener('beforeunload', (event) => {
  if (hasUnsaved()) event.preventDefault();
});

(async () => {
  try {
    await loadFiles();
  } catch (error) {
    say(error.message, true);
    return;
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  const file = hash.get('file');
  if (file) await openFile(file, { unit: hash.get('unit') || undefined });
})();
