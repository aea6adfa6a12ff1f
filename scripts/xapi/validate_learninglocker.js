#!/usr/bin/env node
// Validate xAPI statements with Learning Locker's @learninglocker/xapi-validation.
//
// Usage: node scripts/xapi/validate_learninglocker.js FILE.json
//
// FILE holds either one JSON array of statements (a single JSON object is
// taken as one statement) or JSON Lines (one statement per line).
// Prints one line per invalid statement, then
// `learninglocker: N statements, M invalid`.
// Exit status: 0 if all valid, 1 if any invalid or the file is empty/unreadable,
// 2 on bad usage or when the package is not installed.
//
// API used: the package's CommonJS default export
//   require('@learninglocker/xapi-validation').default(statement) -> Warning[]
// (an empty array means valid). Each Warning (from `rulr`) has `name` (the
// warning class, e.g. TypeWarning, RequiredWarning, RestrictedKeysWarning,
// RawMoreThanMaxWarning), `path` (array, starting with 'statement'), `data`
// (the offending value) and class-specific fields (typeName, keys, raw, max...).
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_PREFIX = path.join(ROOT, 'target', 'xapi-tools', 'node');

let validateStatement;
try {
  const req = createRequire(path.join(NODE_PREFIX, 'package.json'));
  const mod = req('@learninglocker/xapi-validation');
  validateStatement = mod.default || mod;
} catch (e) {
  process.stderr.write(
    `validate_learninglocker: cannot load @learninglocker/xapi-validation from ${NODE_PREFIX}` +
      ` (${e.message}); run scripts/xapi-tools.sh first\n`,
  );
  process.exit(2);
}

function loadStatements(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.trim()) return [];
  let data;
  try {
    data = JSON.parse(text);
  } catch (_) {
    return text.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        return [{ stmt: JSON.parse(line) }];
      } catch (e) {
        return [{ stmt: undefined, parseError: `line ${i + 1}: invalid JSON: ${e.message}` }];
      }
    });
  }
  return Array.isArray(data) ? data.map((stmt) => ({ stmt })) : [{ stmt: data }];
}

function short(v) {
  let s;
  try {
    s = JSON.stringify(v);
  } catch (_) {
    s = String(v);
  }
  if (s === undefined) s = 'undefined';
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

const DETAIL_FIELDS = ['typeName', 'type', 'keys', 'raw', 'min', 'max', 'value', 'usedIfis', 'invalidComponents'];

function formatWarning(w) {
  const where = (w.path || []).join('.') || '<statement>';
  const details = [];
  for (const f of DETAIL_FIELDS) {
    if (w[f] === undefined) continue;
    const v = typeof w[f] === 'function' ? w[f].name : w[f];
    details.push(`${f}=${short(v)}`);
  }
  const name = w.name || (w.constructor && w.constructor.name) || 'Warning';
  const dataPart = w.name === 'RequiredWarning' ? 'missing' : `data=${short(w.data)}`;
  return `${where}: ${name}${details.length ? ' ' + details.join(' ') : ''} ${dataPart}`;
}

function main(argv) {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    process.stderr.write('usage: node validate_learninglocker.js FILE.json\n');
    return 2;
  }
  const file = argv[0];
  let items;
  try {
    items = loadStatements(file);
  } catch (e) {
    console.log(`learninglocker: cannot read ${file}: ${e.message}`);
    console.log('learninglocker: 0 statements, 0 invalid');
    return 1;
  }
  if (items.length === 0) {
    console.log(`learninglocker: ${file} holds no statements`);
    console.log('learninglocker: 0 statements, 0 invalid');
    return 1;
  }
  let invalid = 0;
  items.forEach(({ stmt, parseError }, index) => {
    let errors;
    if (parseError) {
      errors = [parseError];
    } else {
      try {
        errors = validateStatement(stmt).map(formatWarning);
      } catch (e) {
        errors = [`validator threw: ${e.message}`];
      }
    }
    if (errors.length > 0) {
      invalid += 1;
      const id = stmt && typeof stmt === 'object' ? stmt.id : undefined;
      console.log(`#${index} id=${id}: ${errors.join(' | ')}`);
    }
  });
  console.log(`learninglocker: ${items.length} statements, ${invalid} invalid`);
  return invalid ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
