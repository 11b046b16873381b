// A checker for the part of JSON Schema (2020-12) that flags.schema.json uses, so the editor can judge a
// definition as it is typed, without a round trip: type, enum, const, pattern, format date-time, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum, minItems, uniqueItems, items, minProperties, properties, propertyNames, additionalProperties,
// required, dependentRequired, unevaluatedProperties, $ref (inside the document), allOf, anyOf, oneOf, not,
// if/then/else. A keyword it does not know is ignored: the server's dry run and save still judge.
// Errors name their field as the server does: rules[0].when[0].op.

const field = path => path.map((part, i) => typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`).join('');

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
const isType = (value, type) => typeOf(value) === type || (type === 'number' && typeOf(value) === 'integer');
const quote = value => JSON.stringify(value);
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

class Checker {
  constructor(root) { this.root = root; }

  resolve(ref) {
    if (!ref.startsWith('#/')) return true;
    return ref.slice(2).split('/').reduce((node, key) => node && node[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.root) ?? true;
  }

  // Errors go to out; answers the property names this schema evaluated (for unevaluatedProperties).
  check(schema, value, path, out) {
    const evaluated = new Set();
    if (schema === true || schema === undefined) return evaluated;
    if (schema === false) { out.push({ path, message: 'is not allowed here' }); return evaluated; }
    const report = message => out.push({ path, message });
    const passes = sub => { const trial = []; const seen = this.check(sub, value, path, trial); return trial.length === 0 ? seen : null; };
    const merge = seen => { if (seen) for (const name of seen) evaluated.add(name); };

    if (schema.$ref) merge(this.check(this.resolve(schema.$ref), value, path, out));
    if (schema.type !== undefined) {
      const types = [].concat(schema.type);
      if (!types.some(type => isType(value, type))) { report(`must be ${types.map(t => (/^[aeiou]/.test(t) ? 'an ' : 'a ') + t).join(' or ')}`); return evaluated; }
    }
    if (schema.enum && !schema.enum.some(option => JSON.stringify(option) === JSON.stringify(value))) {
      report(`must be one of ${schema.enum.join(', ')}, not ${quote(value)}`);
    }
    if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) report(`must be ${quote(schema.const)}`);
    if (typeof value === 'string') this.string(schema, value, report);
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) report(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) report(`must be at most ${schema.maximum}`);
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) report(`must be more than ${schema.exclusiveMinimum}`);
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) report(`must be less than ${schema.exclusiveMaximum}`);
    }
    if (Array.isArray(value)) this.array(schema, value, path, out, report);
    if (typeOf(value) === 'object') this.object(schema, value, path, out, report, evaluated);

    for (const sub of schema.allOf || []) merge(this.check(sub, value, path, out));
    if (schema.anyOf) {
      const passing = schema.anyOf.map(passes).filter(Boolean);
      if (passing.length === 0) report(`must match one of: ${schema.anyOf.map(describe).join('; ')}`);
      passing.forEach(merge);
    }
    if (schema.oneOf) {
      const passing = schema.oneOf.map(passes).filter(Boolean);
      if (passing.length !== 1) report(`needs exactly one of: ${schema.oneOf.map(describe).join('; ')}`);
      else merge(passing[0]);
    }
    if (schema.not && passes(schema.not)) report(`must not have ${describe(schema.not)}`);
    if (schema.if !== undefined) {
      const held = passes(schema.if);
      merge(held);
      const branch = held ? schema.then : schema.else;
      if (branch !== undefined) merge(this.check(branch, value, path, out));
    }
    if (schema.unevaluatedProperties === false && typeOf(value) === 'object') {
      for (const name of Object.keys(value)) {
        if (!evaluated.has(name)) out.push({ path: [...path, name], message: 'is not a known property here' });
      }
    }
    return evaluated;
  }

  string(schema, value, report) {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) report(`${quote(value)} does not match ${schema.pattern}`);
    if (schema.format === 'date-time' && !DATE_TIME.test(value)) report(`${quote(value)} is not an ISO-8601 instant such as 2026-12-01T00:00:00Z`);
  }

  array(schema, value, path, out, report) {
    if (schema.minItems !== undefined && value.length < schema.minItems) report(`needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
    if (schema.uniqueItems) {
      const seen = new Set();
      value.forEach(item => { const key = JSON.stringify(item); if (seen.has(key)) report(`lists ${key} twice`); seen.add(key); });
    }
    if (schema.items !== undefined) value.forEach((item, i) => this.check(schema.items, item, [...path, i], out));
  }

  object(schema, value, path, out, report, evaluated) {
    const names = Object.keys(value);
    if (schema.minProperties !== undefined && names.length < schema.minProperties) report(`needs at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}`);
    for (const name of schema.required || []) if (!(name in value)) out.push({ path: [...path, name], message: 'is required' });
    for (const [name, needed] of Object.entries(schema.dependentRequired || {})) {
      if (name in value) for (const other of needed) if (!(other in value)) out.push({ path: [...path, name], message: `is allowed only with ${other}` });
    }
    for (const name of names) {
      if (schema.propertyNames !== undefined) {
        const trial = [];
        this.check(schema.propertyNames, name, [...path, name], trial);
        if (trial.length) out.push({ path: [...path, name], message: `${quote(name)} is not a valid name (a letter or digit, then letters, digits, '.', '_' or '-')` });
      }
      const properties = schema.properties || {};
      if (name in properties) {
        evaluated.add(name);
        this.check(properties[name], value[name], [...path, name], out);
      } else if (schema.additionalProperties !== undefined) {
        evaluated.add(name);
        if (schema.additionalProperties === false) out.push({ path: [...path, name], message: 'is not a known property here' });
        else this.check(schema.additionalProperties, value[name], [...path, name], out);
      }
    }
  }
}

// A few words for a subschema in a message: the properties it requires, forbids or pins.
function describe(schema) {
  if (schema && schema.required && Object.keys(schema).length === 1) return schema.required.join(' and ');
  if (schema && schema.anyOf) return schema.anyOf.map(describe).join(' or ');
  return JSON.stringify(schema);
}

// The checker of one flag's definition against the document schema: answers [{field, message}], empty when valid.
export function flagChecker(schema) {
  const checker = new Checker(schema);
  const flag = { $ref: '#/$defs/flag' };
  return definition => {
    const out = [];
    checker.check(flag, definition, [], out);
    const unique = new Map();
    for (const e of out) unique.set(`${field(e.path)}\u0000${e.message}`, { field: field(e.path), message: e.message });
    return [...unique.values()];
  };
}
