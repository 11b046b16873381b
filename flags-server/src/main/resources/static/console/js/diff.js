import { h } from './dom.js';

// A readable diff of two JSON values: one line per path that was added, removed or changed.
function flatten(value, path, out) {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) {
      flatten(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k, out);
    }
  } else if (value !== undefined) {
    out.set(path || '(flag)', JSON.stringify(value));
  }
  return out;
}

export function diffLines(before, after) {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const lines = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (!b.has(path)) lines.push({ kind: 'del', text: `- ${path}: ${a.get(path)}` });
    else if (!a.has(path)) lines.push({ kind: 'add', text: `+ ${path}: ${b.get(path)}` });
    else if (a.get(path) !== b.get(path)) lines.push({ kind: 'chg', text: `~ ${path}: ${a.get(path)} → ${b.get(path)}` });
  }
  return lines;
}

export function renderDiff(before, after) {
  const lines = diffLines(before, after);
  if (before === undefined || before === null) lines.unshift({ kind: 'add', text: '(created)' });
  if (after === undefined || after === null) lines.unshift({ kind: 'del', text: '(deleted)' });
  return h('pre', { class: 'diff' }, lines.length === 0 ? 'no change'
    : lines.map(line => h('div', { class: line.kind === 'del' ? 'del' : line.kind === 'add' ? 'add' : 'chg' }, line.text)));
}
