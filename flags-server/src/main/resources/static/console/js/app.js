import { h, clear, when } from './dom.js';
import { call, useCsrf, Problem, envPath, flagPath } from './api.js';
import { renderDiff } from './diff.js';
import { flagChecker } from './schema.js';

const view = document.getElementById('view');
const dialog = document.getElementById('dialog');
const badge = document.getElementById('revision');
let me = null;
let env = null;
let stream = null;
let refresh = () => {};
let editing = false;

const notice = document.getElementById('notice');
const notify = text => { notice.textContent = text; };

const canWrite = () => me.role === 'editor' || me.role === 'admin';

// The state a flag's definition puts it in: killed, rolling out N %, or on.
function state(definition) {
  if (!definition) return { label: 'unknown', kind: '' };
  if (definition.enabled === false) return { label: 'killed', kind: 'killed' };
  const serve = definition.default || {};
  if (serve.ramp) return { label: `ramping to ${serve.ramp.to}%`, kind: 'rollout' };
  if (serve.rollout) {
    const weights = serve.rollout;
    const on = 'on' in weights ? weights.on : Object.values(weights)[0];
    if (on < 100) return { label: `rolling out ${on}%`, kind: 'rollout' };
  }
  return { label: 'on', kind: 'on' };
}
const stateBadge = definition => { const s = state(definition); return h('span', { class: `badge ${s.kind}`, 'data-state': s.label }, s.label); };
// A flag whose document carries a release guard: the clients kill it themselves when its variant does harm.
const guardText = guard => `kills the flag when "${guard.event}" among those served ${guard.variant} runs over ${guard.maxRatio ?? 1.5}× the others' rate`
  + ` (after ${guard.minSamples ?? 200} evaluations each, confidence ${guard.confidence ?? 0.99})`;
const guardBadge = definition => definition && definition.guard
  ? h('span', { class: 'badge guarded', 'data-state': 'guarded', title: guardText(definition.guard) }, 'guarded') : null;

// Errors by the field they name (rules[0].when[0].op), from the server or from the schema check.
const fieldErrors = (errors, source) => h('ul', { class: 'field-errors' },
  errors.map(e => h('li', { 'data-field': e.field || '', 'data-source': source }, h('code', {}, e.field || e.flag || '(flag)'), ' ', e.message)));

// Usage the fleet reports (flags-remote's usage reporter): stale flags, and the counts the release guards judge.
// A read that fails (a server without it) shows nothing rather than an error.
const STALE_DAYS = 30;
const optional = promise => promise.then(answer => answer.data, () => null);
const staleBadge = entry => !entry ? null : h('span', { class: 'badge stale', 'data-state': 'stale',
  title: entry.stale === 'one-variant'
    ? `served only ${entry.variant} to everyone in the last ${STALE_DAYS} days (${entry.evaluations} evaluations): the other paths can go`
    : `no instance reported it evaluated in the last ${STALE_DAYS} days` },
  entry.stale === 'one-variant' ? `stale: only ${entry.variant}` : 'stale: unused');

function problemView(error) {
  if (!(error instanceof Problem)) return h('p', { class: 'error', role: 'alert' }, String(error.message || error));
  return h('div', { role: 'alert', class: 'error' },
    h('p', {}, `${error.status} ${error.body.title || ''}: ${error.body.detail || ''}`),
    (error.body.errors || []).length ? fieldErrors(error.body.errors, 'server') : null);
}

// The flag document's JSON Schema, fetched once when an editor first needs it; without it, the server judges alone.
let schemaCheck = null;
const loadSchema = () => schemaCheck ??= fetch('/console/flags.schema.json', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  .then(answer => answer.ok ? answer.json() : null).then(schema => schema ? flagChecker(schema) : () => []).catch(() => () => []);

// ---- routing: #/<env> and #/<env>/flags/<key> ----
async function route(moved) {
  notice.textContent = '';
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const wanted = parts[0] && me.environments.includes(parts[0]) ? parts[0] : env || me.environments[0];
  if (wanted !== env) { env = wanted; document.getElementById('env').value = env; connect(); }
  if (location.hash === '#tokens' && me.role === 'admin') await tokensPage();
  else if (parts[1] === 'flags' && parts[2]) await flagPage(parts[2]);
  else await listPage();
  const heading = view.querySelector('h1');
  if (moved && heading) heading.focus();
}
const hrefOf = (e, key) => key === undefined ? `#/${encodeURIComponent(e)}` : `#/${encodeURIComponent(e)}/flags/${encodeURIComponent(key)}`;

// ---- the live revision badge, fed by the event stream ----
function connect() {
  if (stream) stream.close();
  badge.textContent = 'revision …';
  stream = new EventSource(`${envPath(env)}/document/stream`);
  stream.addEventListener('revision', event => {
    const data = JSON.parse(event.data);
    const changed = badge.dataset.revision !== undefined && badge.dataset.revision !== String(data.revision);
    badge.dataset.revision = String(data.revision);
    badge.textContent = `revision ${data.revision}`;
    if (changed) refresh(data);
  });
}

// ---- the flag list ----
async function listPage() {
  const search = h('input', { id: 'search', type: 'search', placeholder: 'key or description' });
  const body = h('tbody');
  const note = h('div');
  clear(view, h('h1', { tabindex: -1 }, `Flags in ${env}`), h('label', { for: 'search' }, 'Search flags'), search,
    h('table', { id: 'flags', 'aria-label': `Flags in ${env}` }, h('thead', {}, h('tr', {}, h('th', {}, 'Flag'), h('th', {}, 'State'), h('th', {}, 'Description'), h('th', {}, 'Last change'))), body),
    note);
  let rows = [];
  const show = () => {
    const q = search.value.trim().toLowerCase();
    clear(body, rows.filter(r => !q || r.key.toLowerCase().includes(q) || (r.description || '').toLowerCase().includes(q)).map(r => r.row));
  };
  search.addEventListener('input', show);
  const load = async () => {
    try {
      const [flags, documentAnswer, revisions, staleList] = await Promise.all([
        call('GET', `${envPath(env)}/flags`), call('GET', `${envPath(env)}/document`), call('GET', `${envPath(env)}/revisions?limit=1000`),
        optional(call('GET', `${envPath(env)}/flags?stale=P${STALE_DAYS}D`))]);
      const definitions = (documentAnswer.data && documentAnswer.data.flags) || {};
      const last = new Map();
      for (const r of revisions.data) if (r.flag && !last.has(r.flag)) last.set(r.flag, r);
      // Stale only where the fleet reports at all (some flag evaluated in the window), and "unused" not for a
      // flag changed in the window: a new flag is not stale, nor is every flag of an environment nobody reports.
      const stale = new Map((staleList || []).map(entry => [entry.key, entry]));
      const reporting = staleList !== null && (flags.data.some(flag => !stale.has(flag.key)) || staleList.some(entry => entry.lastEvaluated));
      const since = Date.now() - STALE_DAYS * 24 * 3600 * 1000;
      const staleOf = key => {
        const entry = reporting && stale.get(key);
        const change = last.get(key);
        return entry && !(entry.stale === 'unevaluated' && change && Date.parse(change.time) > since) ? entry : null;
      };
      clear(note, staleList === null ? null : reporting ? null
        : h('p', { class: 'muted', id: 'usage-note' }, `No usage reported in this environment in the last ${STALE_DAYS} days, so no flag is called stale.`));
      rows = flags.data.map(flag => {
        const change = last.get(flag.key);
        return { key: flag.key, description: flag.description, row: h('tr', { 'data-flag': flag.key },
          h('td', {}, h('a', { href: hrefOf(env, flag.key) }, flag.key)),
          h('td', {}, stateBadge(definitions[flag.key]), ' ', guardBadge(definitions[flag.key]), ' ', staleBadge(staleOf(flag.key))),
          h('td', {}, flag.description || ''),
          h('td', { class: 'muted' }, change ? `${change.action} by ${change.actor}, ${when(change.time)}${change.comment ? ` — ${change.comment}` : ''}` : '')) };
      });
      show();
    } catch (error) { view.append(problemView(error)); }
  };
  refresh = load;
  await load();
}

// ---- one flag ----
function readable(definition) {
  const serveText = block => !block ? 'on (implied)' : [
    block.serve !== undefined ? `serve ${block.serve}` : null,
    block.rollout ? `rollout ${Object.entries(block.rollout).map(([v, w]) => `${v} ${w}%`).join(', ')}` : null,
    block.by ? `by ${block.by}` : null,
    block.ramp ? `ramp ${block.ramp.variant} ${block.ramp.from}% → ${block.ramp.to}% from ${block.ramp.start} to ${block.ramp.end}` : null,
  ].filter(Boolean).join('; ');
  const condition = c => `${c.negate ? 'not ' : ''}${c.attribute || ''} ${c.op} ${JSON.stringify(c.values || [])}`.trim();
  const rows = [
    ['Description', definition.description || ''],
    ['Enabled', definition.enabled === false ? 'no (killed)' : 'yes'],
    definition.variants ? ['Variants', Object.entries(definition.variants).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')] : null,
    definition.offVariant ? ['Off variant', definition.offVariant] : null,
    definition.prerequisites ? ['Prerequisites', definition.prerequisites.map(p => `${p.flag} is ${p.variant}`).join(', ')] : null,
    definition.guard ? ['Guard', guardText(definition.guard)] : null,
    definition.targets ? ['Targets', Object.entries(definition.targets).map(([v, keys]) => `${v}: ${keys.join(', ')}`).join('; ')] : null,
  ].filter(Boolean);
  return h('div', {},
    h('dl', { class: 'def' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h3', {}, 'Rules (first match wins)'),
    (definition.rules || []).length === 0 ? h('p', { class: 'muted' }, 'none')
      : h('ol', {}, definition.rules.map(rule => h('li', {}, rule.name ? h('strong', {}, rule.name, ': ') : null,
        `when ${(rule.when || []).map(condition).join(' and ') || 'always'} → ${serveText(rule)}`))),
    h('h3', {}, 'Default'), h('p', { id: 'default-serve' }, serveText(definition.default)));
}

function ask({ title, body, confirmLabel, danger, needComment = true, onConfirm }) {
  const opener = document.activeElement && document.activeElement.id;
  const comment = h('textarea', { id: 'dialog-comment', rows: 3, required: needComment, 'aria-describedby': 'dialog-error' });
  const error = h('div', { id: 'dialog-error' });
  const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary', id: 'dialog-confirm' }, confirmLabel);
  // novalidate: the check below says what is missing in the page (role alert), not in a passing browser bubble
  const form = h('form', { method: 'dialog', novalidate: true, 'aria-labelledby': 'dialog-title' },
    h('h2', { id: 'dialog-title' }, title), body,
    h('label', { for: 'dialog-comment' }, needComment ? 'Comment (required)' : 'Comment'), comment, error,
    h('p', { class: 'actions' }, confirm, h('button', { type: 'button', id: 'dialog-cancel', onclick: () => dialog.close() }, 'Cancel')));
  comment.addEventListener('input', () => {
    if (comment.value.trim() && comment.getAttribute('aria-invalid')) { comment.removeAttribute('aria-invalid'); clear(error); }
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (needComment && !comment.value.trim()) {
      clear(error, h('p', { class: 'error', role: 'alert' }, 'A comment is required.'));
      comment.setAttribute('aria-invalid', 'true');
      comment.focus();
      return;
    }
    confirm.disabled = true;
    try {
      await onConfirm(comment.value.trim());
      dialog.close();
      notify(`${confirmLabel}: done.`);
      await refresh();
      // the page was drawn anew: keyboard focus goes back where it was (a kill button is now a restore button)
      const back = (opener && document.getElementById(opener)) || view.querySelector('#kill, #restore') || view.querySelector('h1');
      if (back) back.focus();
    } catch (e) { clear(error, problemView(e)); } finally { confirm.disabled = false; }
  });
  clear(dialog, form);
  dialog.setAttribute('aria-labelledby', 'dialog-title');
  dialog.showModal();
  comment.focus();
}

async function flagPage(key) {
  const load = async () => {
    let flag, history, guards;
    try {
      [flag, history, guards] = await Promise.all([call('GET', flagPath(env, key)), call('GET', `${envPath(env)}/revisions?flag=${encodeURIComponent(key)}&limit=100`),
        optional(call('GET', `${envPath(env)}/guards`))]);
    } catch (error) { clear(view, h('p', {}, h('a', { href: hrefOf(env) }, '← all flags')), problemView(error)); return; }
    const { version, definition } = flag.data;
    // the fleet's counts of this very definition (the server shows them for guarded flags)
    const usage = (guards || []).find(entry => entry.flag === key && entry.version === version && entry.fleet && Object.keys(entry.fleet).length);
    const sections = [h('p', {}, h('a', { href: hrefOf(env) }, '← all flags')),
      h('h1', { tabindex: -1 }, key, ' ', stateBadge(definition), ' ', guardBadge(definition)), h('p', { class: 'muted' }, `version ${version}`),
      h('section', { 'aria-labelledby': 'def-title' }, h('h2', { id: 'def-title' }, 'Definition'), readable(definition)),
      usage ? usageSection(usage) : null];
    if (canWrite()) sections.push(actions(key, version, definition, usage), editor(key, version, definition));
    sections.push(historySection(key, history.data));
    clear(view, sections);
  };
  refresh = event => {
    if (event && event.flag !== key && event.action !== 'rollback' && event.action !== 'promote') return;
    const notice = document.getElementById('stale-notice');
    if (editing && event && notice) {
      notice.textContent = `This flag changed meanwhile (revision ${event.revision}, ${event.action}); your edit is kept. Saving shows both.`;
      return;
    }
    editing = false;
    return load();
  };
  editing = false;
  await load();
}

const evaluationsOf = usage => Object.values(usage.fleet).reduce((sum, counts) => sum + counts.evaluations, 0);

function usageSection(usage) {
  const event = usage.guard ? usage.guard.event : 'event';
  return h('section', { 'aria-labelledby': 'usage-title' }, h('h2', { id: 'usage-title' }, 'Usage'),
    h('p', { id: 'usage' }, `Reported by the fleet since version ${usage.version}: ${evaluationsOf(usage)} evaluations.`),
    h('ul', {}, Object.entries(usage.fleet).map(([variant, counts]) =>
      h('li', {}, `${variant}: ${counts.evaluations} evaluations, ${counts.events} ${event}`))),
    usage.verdict ? h('p', { id: 'guard-verdict' }, `Guard: ${usage.verdict}`) : null,
    usage.trips && usage.trips.length ? h('p', {}, `Instances reported ${usage.trips.length} trip(s); the newest: ${usage.trips[0].summary}`) : null);
}

function actions(key, version, definition, usage) {
  const killed = definition.enabled === false;
  const toggle = h('button', { id: killed ? 'restore' : 'kill', class: killed ? 'primary' : 'danger', onclick: () => ask({
    title: killed ? `Restore ${key}?` : `Kill ${key}?`,
    body: h('p', {}, killed ? 'The flag evaluates its rules again, everywhere.' : 'Every client serves the off variant at once.'),
    confirmLabel: killed ? 'Restore' : 'Kill', danger: !killed,
    onConfirm: comment => call('POST', `${flagPath(env, key)}/${killed ? 'restore' : 'kill'}`, { body: { comment } }),
  }) }, killed ? 'Restore…' : 'Kill…');
  const current = (definition.default && definition.default.rollout && ('on' in definition.default.rollout ? definition.default.rollout.on : null));
  const slider = h('input', { id: 'rollout', type: 'range', min: 0, max: 100, step: 1, value: current == null ? 100 : current });
  const shown = h('output', { id: 'rollout-value', for: 'rollout' }, `${slider.value}%`);
  // what the percent means in the traffic the fleet reported for this definition (evaluations: the server counts no users)
  const reach = h('p', { id: 'rollout-usage', class: 'muted' });
  const showReach = () => {
    if (!usage) return;
    const total = evaluationsOf(usage);
    reach.textContent = `At ${slider.value}%, about ${Math.round(total * slider.value / 100)} of the ${total} evaluations reported since version ${usage.version} would have been served on.`;
  };
  showReach();
  slider.addEventListener('input', () => { shown.textContent = `${slider.value}%`; showReach(); });
  const result = h('div', { id: 'rollout-result' });
  const apply = h('button', { id: 'rollout-apply', onclick: () => ask({
    title: `Roll ${key} out to ${slider.value}%?`, body: h('p', {}, `The default serve becomes on ${slider.value}%, off ${100 - slider.value}%.`),
    confirmLabel: 'Apply', needComment: false,
    onConfirm: comment => call('POST', `${flagPath(env, key)}/rollout`, { body: { percent: Number(slider.value), comment } }),
  }) }, 'Apply rollout…');
  const others = me.environments.filter(e => e !== env);
  const target = h('select', { id: 'promote-to' }, others.map(e => h('option', { value: e }, e)));
  const promote = h('button', { id: 'promote', onclick: () => promoteTo(key, target.value) }, 'Promote…');
  return h('section', { class: 'actions', 'aria-label': 'Actions' },
    h('fieldset', {}, h('legend', {}, 'Kill switch'), toggle),
    others.length ? h('fieldset', {}, h('legend', {}, 'Promotion'), h('label', { for: 'promote-to' }, 'Copy this flag to'), target, ' ', promote) : null,
    h('fieldset', {}, h('legend', {}, 'Rollout'), h('label', { for: 'rollout' }, 'Percent of users served on'), slider, ' ', shown, ' ', apply, usage ? reach : null, result));
}

function editor(key, version, definition) {
  const text = h('textarea', { id: 'definition', class: 'json', spellcheck: 'false', 'aria-describedby': 'definition-check definition-errors' });
  text.value = JSON.stringify(definition, null, 2);
  const comment = h('input', { id: 'edit-comment', type: 'text', autocomplete: 'off' });
  const errors = h('div', { id: 'definition-errors', 'aria-live': 'polite' });
  const checked = h('div', { id: 'definition-check', 'aria-live': 'polite' });
  const parse = () => {
    try { return JSON.parse(text.value); } catch (e) { clear(checked, h('p', { class: 'error' }, `Not JSON: ${e.message}`)); return undefined; }
  };
  // As you type: the JSON Schema at once, in the browser; then, once typing pauses, the server's own check by a dry
  // run of the save (nothing is written), so the clients' compiler judges what the schema cannot (variants, weights).
  let pending = null;
  let asked = 0;
  const dryRun = async definition => {
    const mine = ++asked;
    try {
      await call('PUT', `${flagPath(env, key)}?dryRun=true`, { body: { definition }, headers: { 'If-Match': `"${version}"` } });
      if (mine === asked) clear(checked, h('p', { class: 'muted' }, 'The schema and the server would accept this definition.'));
    } catch (error) {
      if (mine !== asked) return;
      if (error instanceof Problem && error.status === 412) clear(checked, h('p', { class: 'error' }, 'This flag changed meanwhile: saving will show both versions.'));
      else clear(checked, h('p', { class: 'error' }, 'The server would refuse this definition:'), problemView(error));
    }
  };
  const checkSchema = loadSchema();
  text.addEventListener('input', async () => {
    editing = true;
    clearTimeout(pending);
    const mine = ++asked;
    const definition = parse();
    if (definition === undefined) return;
    const problems = (await checkSchema)(definition);
    if (mine !== asked) return;
    if (problems.length) { clear(checked, h('p', { class: 'error' }, 'The JSON Schema refuses this definition:'), fieldErrors(problems, 'schema')); return; }
    clear(checked, h('p', { class: 'muted' }, 'The JSON Schema accepts this definition; asking the server…'));
    pending = setTimeout(() => dryRun(definition), 600);
  });
  const save = async (ifMatch, mine) => {
    try {
      await call('PUT', flagPath(env, key), { body: { definition: mine, comment: comment.value }, headers: { 'If-Match': `"${ifMatch}"` } });
      editing = false;
      notify(`Saved ${key}.`);
      await refresh();
    } catch (error) {
      if (error instanceof Problem && error.status === 412 && error.body.current) conflict(error.body.current, mine, save, errors);
      else clear(errors, problemView(error));
    }
  };
  return h('section', { 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title' }, 'Edit the definition (JSON)'),
    h('label', { for: 'definition' }, 'Definition'), text, checked, h('p', { id: 'stale-notice', role: 'status', class: 'error' }), errors,
    h('label', { for: 'edit-comment' }, 'Comment'), comment,
    h('p', {}, h('button', { id: 'save', class: 'primary', onclick: () => { clearTimeout(pending); asked++; const mine = parse(); if (mine !== undefined) save(version, mine); } }, 'Save')));
}

// On 412: their change beside mine; re-apply mine over theirs, or discard mine.
function conflict(current, mine, save, errors) {
  clear(errors, h('div', { id: 'conflict', role: 'alert' },
    h('p', { class: 'error' }, `Someone changed this flag meanwhile (now version ${current.version}). Nothing was written.`),
    h('div', { class: 'side' },
      h('div', {}, h('h3', {}, 'Their version'), h('pre', {}, JSON.stringify(current.definition, null, 2))),
      h('div', {}, h('h3', {}, 'Yours'), h('pre', {}, JSON.stringify(mine, null, 2)))),
    h('h3', {}, 'What yours changes in theirs'), renderDiff(current.definition, mine),
    h('p', {}, h('button', { id: 'reapply', class: 'primary', onclick: () => save(current.version, mine) }, 'Re-apply mine'), ' ',
      h('button', { id: 'discard', onclick: () => { editing = false; refresh(); } }, 'Discard mine'))));
}

function historySection(key, entries) {
  const detail = h('div', { id: 'history-detail', 'aria-live': 'polite' });
  const rows = entries.map(entry => h('tr', { 'data-revision': entry.revision },
    h('td', {}, String(entry.revision)), h('td', {}, when(entry.time)), h('td', {}, entry.actor), h('td', {}, entry.action),
    h('td', {}, entry.comment || ''),
    h('td', {}, h('button', { class: 'show-diff', 'aria-label': `Diff of revision ${entry.revision}`, onclick: () => showDiff(key, entry, detail) }, 'Diff'), ' ',
      canWrite() ? h('button', { class: 'rollback', 'aria-label': `Roll back to revision ${entry.revision}…`, onclick: () => rollback(entry) }, 'Roll back to this…') : null)));
  return h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'),
    h('table', { id: 'history', 'aria-labelledby': 'history-title' }, h('thead', {}, h('tr', {}, ['Revision', 'When', 'Who', 'What', 'Comment', ''].map(t => h('th', {}, t)))), h('tbody', {}, rows)),
    detail);
}

async function documentAt(revision) {
  if (revision < 1) return { flags: {} };
  try { return (await call('GET', `${envPath(env)}/revisions/${revision}`)).data.document; } catch (e) { if (e.status === 404) return { flags: {} }; throw e; }
}

async function showDiff(key, entry, detail) {
  try {
    const [before, after] = await Promise.all([documentAt(entry.revision - 1), documentAt(entry.revision)]);
    clear(detail, h('h3', {}, `Revision ${entry.revision}: ${entry.action} by ${entry.actor}`),
      renderDiff((before.flags || {})[key], (after.flags || {})[key]));
  } catch (error) { clear(detail, problemView(error)); }
}

async function rollback(entry) {
  let preview;
  try { preview = (await call('POST', `${envPath(env)}/revisions/${entry.revision}/rollback?dryRun=true`, { body: {} })).data; }
  catch (error) { clear(dialog, problemView(error), h('button', { onclick: () => dialog.close() }, 'Close')); dialog.showModal(); return; }
  const body = h('div', { id: 'rollback-preview' },
    preview.changes.length === 0 ? h('p', {}, 'Nothing would change: the environment already equals that revision.')
      : preview.changes.map(change => h('div', {}, h('h3', {}, change.flag), renderDiff(change.before, change.after))));
  ask({ title: `Roll back ${env} to revision ${entry.revision}?`, body, confirmLabel: 'Roll back', danger: true,
    onConfirm: comment => call('POST', `${envPath(env)}/revisions/${entry.revision}/rollback`, { body: { comment } }) });
}

// Promotion: this flag, as it is here, copied to another environment, after a preview of what it changes there.
async function promoteTo(key, target) {
  const path = `${envPath(target)}/promote?from=${encodeURIComponent(env)}&flag=${encodeURIComponent(key)}`;
  let preview;
  try { preview = (await call('POST', `${path}&dryRun=true`, { body: {} })).data; }
  catch (error) { clear(dialog, problemView(error), h('button', { onclick: () => dialog.close() }, 'Close')); dialog.showModal(); return; }
  const body = h('div', { id: 'promote-preview' },
    preview.changes.length === 0 ? h('p', {}, `Nothing would change: ${target} already has this definition.`)
      : preview.changes.map(change => h('div', {}, h('h3', {}, `${change.flag} in ${target}`), renderDiff(change.before, change.after))));
  ask({ title: `Promote ${key} from ${env} to ${target}?`, body, confirmLabel: 'Promote', danger: false,
    onConfirm: comment => call('POST', path, { body: { comment } }) });
}

// ---- tokens (admin): create (the secret shown once), list, revoke ----
async function tokensPage() {
  const created = h('div', { id: 'token-created' });
  const list = h('tbody');
  const name = h('input', { id: 'token-name', required: true, autocomplete: 'off' });
  const role = h('select', { id: 'token-role' }, ['read', 'write', 'admin'].map(r => h('option', { value: r }, r)));
  const envBoxes = me.environments.map(e => h('input', { type: 'checkbox', value: e, id: `token-env-${e}` }));
  const error = h('div');
  const load = async () => {
    try {
      const tokens = (await call('GET', '/v1/tokens')).data;
      clear(list, tokens.map(t => h('tr', { 'data-token': t.id },
        h('td', {}, t.name), h('td', {}, t.role), h('td', {}, t.environments ? t.environments.join(', ') : 'all'),
        h('td', {}, when(t.created)), h('td', {}, t.lastUsed ? when(t.lastUsed) : 'never'),
        h('td', {}, t.revoked ? h('span', { class: 'badge killed' }, 'revoked')
          : h('button', { class: 'revoke danger', 'aria-label': `Revoke ${t.name}…`, onclick: () => ask({ title: `Revoke ${t.name}?`,
            body: h('p', {}, 'Its next request gets 401, on every server within a second.'), confirmLabel: 'Revoke', danger: true,
            needComment: false, onConfirm: () => call('DELETE', `/v1/tokens/${encodeURIComponent(t.id)}`) }) }, 'Revoke…')))));
    } catch (e) { clear(error, problemView(e)); }
  };
  const form = h('form', { id: 'token-form' },
    h('label', { for: 'token-name' }, 'Name (the actor of its writes)'), name,
    h('label', { for: 'token-role' }, 'Role'), role,
    h('fieldset', {}, h('legend', {}, 'Environments (none ticked: all)'),
      envBoxes.map(box => h('span', {}, box, ' ', h('label', { for: box.id, class: 'inline' }, box.value), ' '))),
    h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'token-create' }, 'Create token')), error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const environments = envBoxes.filter(b => b.checked).map(b => b.value);
    const body = { name: name.value.trim(), role: role.value };
    if (environments.length) body.environments = environments;
    try {
      const token = (await call('POST', '/v1/tokens', { body })).data;
      const secret = h('input', { id: 'token-secret', readonly: true, size: 60, 'aria-label': 'The new token' });
      secret.value = token.token;
      const copied = h('span', { role: 'status' });
      secret.setAttribute('aria-describedby', 'token-created-note');
      clear(created, h('p', { id: 'token-created-note' }, `Token ${token.name} created. Copy it now: it is shown this once.`), secret, ' ',
        h('button', { type: 'button', id: 'token-copy', onclick: async () => {
          secret.select();
          try { await navigator.clipboard.writeText(secret.value); copied.textContent = 'Copied.'; } catch { copied.textContent = 'Selected: copy it with Ctrl+C.'; }
        } }, 'Copy'), ' ', copied);
      clear(error);
      name.value = '';
      await load();
    } catch (e) { clear(error, problemView(e)); }
  });
  clear(view, h('p', {}, h('a', { href: hrefOf(env) }, '← flags')), h('h1', { tabindex: -1 }, 'API tokens'), form, created,
    h('h2', { id: 'tokens-title' }, 'Tokens'),
    h('table', { id: 'tokens', 'aria-labelledby': 'tokens-title' }, h('thead', {}, h('tr', {}, ['Name', 'Role', 'Environments', 'Created', 'Last used', ''].map(t => h('th', {}, t)))), list));
  refresh = load;
  await load();
}

// ---- start ----
async function start() {
  const answer = await fetch('/console/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!answer.ok || !(answer.headers.get('Content-Type') || '').includes('json')) { location.assign('/console/login'); return; }
  me = await answer.json();
  useCsrf(me.csrf);
  document.getElementById('user').textContent = `${me.name} (${me.role})`;
  const csrfField = document.getElementById('logout-csrf');
  csrfField.name = me.csrf.parameter;
  csrfField.value = me.csrf.token;
  const select = document.getElementById('env');
  clear(select, me.environments.map(e => h('option', { value: e }, e)));
  select.addEventListener('change', () => { location.hash = hrefOf(select.value); });
  if (me.role === 'admin') {
    document.getElementById('user').before(h('a', { href: '#tokens', id: 'tokens-link' }, 'Tokens'));
  }
  // the skip link moves focus without touching the address, which routes
  document.querySelector('.skip').addEventListener('click', event => { event.preventDefault(); (view.querySelector('h1') || view).focus(); });
  window.addEventListener('hashchange', () => route(true));
  route(false);
}
start();
