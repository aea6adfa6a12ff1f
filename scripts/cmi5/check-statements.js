#!/usr/bin/env node
'use strict';
// Check one cmi5 AU session's statements against the cmi5 spec's rules for AU
// statements (cmi5 "quartz", https://github.com/AICC/CMI-5_Spec_Current/blob/quartz/cmi5_spec.md).
// Node stdlib only (plus @learninglocker/xapi-validation for the xAPI-level pass
// when target/xapi-tools/node has it).
//
// Usage:
//   node check-statements.js STATEMENTS.json LAUNCH.json [--reference REF.json]
//        [--registration UUID] [--activity-id IRI] [--actor JSON]
//        [--spec-only] [--strict] [--no-xapi] [--list-checks] [--quiet]
//
// STATEMENTS.json  JSON array of the session's statements in ARRIVAL order (what
//                  lms-standin.js serves at /__statements). {"statements":[...]} is
//                  accepted too (an LRS GET answer is newest first: pass ascending=true).
// LAUNCH.json      either the LMS.LaunchData document itself (contextTemplate,
//                  launchMode, moveOn, masteryScore, ...) or lms-standin.js's startup
//                  JSON / GET /__info ({"registration","actor","activityId","launchData",...}),
//                  which also gives the launch parameters. With a bare LaunchData
//                  document and no --registration/--activity-id/--actor, those three
//                  are taken from the first statement and only checked for consistency.
// --reference REF  a reference session (e.g. from reference-au.js, @xapi/cmi5): per
//                  verb, compare the SETS of context category ids, contextActivities
//                  lists, context extension keys, context keys, result keys, object id,
//                  statement keys (less the LRS-set stored/authority) and verb keys;
//                  each difference is a DIFF line. Values are not compared.
// --spec-only      convention violations become warnings (do not fail the run)
// --strict         SHOULD-level warnings fail the run too
// --no-xapi        skip the xAPI-level validation with @learninglocker/xapi-validation
// --list-checks    print every check with its kind and section, then exit 0
//
// Output: one line per finding:
//   FAIL [cmi5 9.6.1] #3 completed 5f0c…: context.registration is "x", launch registration is "y"
//   FAIL [convention] ...    (not a spec rule, see --list-checks)
//   FAIL [xAPI 2.4.10] ...   (xAPI 1.0.3 rule, not cmi5)
//   WARN [cmi5 9.5.5.1 SHOULD] ...
//   DIFF [reference] completed result keys: only here {...}; only in reference {...}
//   INFO ...
// then a summary line. Exit 1 if any FAIL or DIFF (or WARN with --strict), 0 otherwise,
// 2 on bad usage or unreadable input.

const fs = require('fs');
const path = require('path');

// ----------------------------------------------------------------- constants
const V = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
};
const LMS_VERBS = { // cmi5 verbs an AU never sends (LMS obligations only)
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
};
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const VERB_NAME = Object.fromEntries(Object.entries({ ...V, ...LMS_VERBS }).map(([k, v]) => [v, k]));
const CAT_CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const CAT_MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const EXT_SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const EXT_MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const EXT_PROGRESS = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

// Every check: id -> [kind, section, description]. kind: cmi5 (MUST), should
// (cmi5 SHOULD), xapi (xAPI 1.0.3 rule), conv (convention: not a spec rule).
const CHECKS = {
  'statement-id': ['cmi5', '9.1', 'every statement has an id in UUID format'],
  'id-unique': ['xapi', '2.4.1', 'statement ids are unique within the session (same id = same statement)'],
  'timestamp': ['cmi5', '9.7', 'every statement has a timestamp, ISO 8601, in UTC (Z or +00:00)'],
  'timestamp-order': ['conv', '-', 'timestamps do not decrease in arrival order'],
  'version': ['xapi', '2.4.10', '"version", if present, is 1.0.x'],
  'xapi-structure': ['xapi', '2.4', 'statement passes @learninglocker/xapi-validation (actor, verb, object, result, context shapes)'],
  'actor': ['cmi5', '8.1.3', 'actor identifies the launch actor (same IFI: account homePage+name)'],
  'actor-exact': ['conv', '-', 'actor is exactly the launch actor JSON (name and objectType too)'],
  'actor-agent': ['cmi5', '9.2', 'cmi5 defined statements: actor objectType "Agent" with an account'],
  'defined-verb': ['cmi5', '7.1.3', 'a statement with the cmi5 category uses an AU cmi5 verb (initialized, completed, passed, failed, terminated); cmi5 allowed statements MUST NOT carry the category'],
  'lms-verb': ['cmi5', '9.3.1/9.3.6/9.3.7/9.3.9', 'the AU does not send launched/abandoned/waived/satisfied (LMS-only verbs)'],
  'no-voiding': ['cmi5', '6.3', 'the AU does not send voiding statements'],
  'category-cmi5': ['cmi5', '9.6.2.1', 'cmi5 defined statements carry the cmi5 category activity'],
  'cmi5-verb-on-au': ['conv', '9.6.2.1', 'a statement using a cmi5 verb on the AU activityId is meant as cmi5 defined, so it must carry the cmi5 category (checked as cmi5 defined)'],
  'registration': ['cmi5', '9.6.1', 'cmi5 defined statements: context.registration is the launch registration'],
  'registration-allowed': ['conv', '-', 'cmi5 allowed statements also carry the launch registration'],
  'session-id': ['cmi5', '9.6.3.1', 'every statement (defined and allowed) has the sessionid context extension equal to the contextTemplate\'s'],
  'context-template': ['cmi5', '10.2.1/9.6.2', 'every statement keeps all of the contextTemplate (contextActivities entries, extensions, other properties) without overwriting'],
  'object-id': ['cmi5', '8.1.5/9.4', 'cmi5 defined statements: object.id is the launch activityId (objectType Activity)'],
  'moveon-category': ['cmi5', '9.6.2.2', 'cmi5 defined statements whose result has success or completion carry the moveon category; no other statement does'],
  'completion': ['cmi5', '9.5.3', 'completed has result.completion true; other cmi5 defined statements have no completion'],
  'success': ['cmi5', '9.5.2', 'passed has result.success true, failed false; other cmi5 defined statements have no success'],
  'score-placement': ['cmi5', '9.5.1', 'only passed/failed carry result.score'],
  'score-values': ['cmi5', '9.5.1', 'score.scaled in 0..1; raw comes with min and max, raw/min/max integers, min <= raw <= max'],
  'duration': ['cmi5', '9.5.4.1', 'completed, passed, failed and terminated carry result.duration (ISO 8601 duration)'],
  'duration-format': ['xapi', '2.4.5', 'any result.duration is an ISO 8601 duration'],
  'mastery-judgement': ['cmi5', '9.3.4/9.3.5/9.5.1', 'with masteryScore: passed scaled >= masteryScore, failed scaled < masteryScore'],
  'mastery-extension': ['cmi5', '9.6.3.2/10.2.4', 'with masteryScore: passed/failed carry the masteryscore context extension equal to it'],
  'mastery-score-present': ['conv', '10.2.4', 'with masteryScore: passed/failed carry result.score.scaled (so the judgement can be seen)'],
  'mastery-extension-unexpected': ['conv', '-', 'without masteryScore in LaunchData, no masteryscore extension'],
  'progress-value': ['cmi5', '9.5.5.1', 'progress extension is an integer 0..100'],
  'progress-after-completed': ['should', '9.5.5.1', 'no progress in completed, nor after completed'],
  'first-initialized': ['cmi5', '7.1.1/9.3.2', 'the first statement (by timestamp) is the cmi5 defined initialized'],
  'last-terminated': ['cmi5', '7.1.2/9.3.8', 'the last statement (by timestamp) is the cmi5 defined terminated; nothing after it'],
  'arrival-order': ['conv', '-', 'initialized arrives first and terminated arrives last (arrival order, not only timestamps)'],
  'initialized-terminated-present': ['cmi5', '7.1.1/7.1.2/10.2.2', 'the session has initialized and terminated'],
  'no-duplicate-verbs': ['cmi5', '9.3', 'no cmi5 defined verb twice in a session (so at most one completed)'],
  'passed-or-failed': ['cmi5', '9.3', 'at most one of passed/failed in a session; failed never after passed'],
  'allowed-between': ['cmi5', '7.1.3', 'cmi5 allowed statements lie between initialized and terminated'],
  'launch-mode': ['cmi5', '10.2.2', 'Browse/Review: no cmi5 defined statements other than initialized and terminated'],
  'single-session': ['conv', '-', 'the file holds one session (one sessionid, one registration)'],
};

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opt = { reference: null, registration: null, activityId: null, actor: null, specOnly: false, strict: false, xapi: true, quiet: false };
const pos = [];
function usage(msg) {
  if (msg) process.stderr.write(`check-statements: ${msg}\n`);
  process.stderr.write('usage: node check-statements.js STATEMENTS.json LAUNCH.json [--reference REF.json] ' +
    '[--registration UUID] [--activity-id IRI] [--actor JSON] [--spec-only] [--strict] [--no-xapi] [--list-checks] [--quiet]\n');
  process.exit(2);
}
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
  if (a === '--reference') opt.reference = next();
  else if (a === '--registration') opt.registration = next();
  else if (a === '--activity-id') opt.activityId = next();
  else if (a === '--actor') { try { opt.actor = JSON.parse(next()); } catch { usage('--actor needs JSON'); } }
  else if (a === '--spec-only') opt.specOnly = true;
  else if (a === '--strict') opt.strict = true;
  else if (a === '--no-xapi') opt.xapi = false;
  else if (a === '--quiet') opt.quiet = true;
  else if (a === '--list-checks') {
    const label = { cmi5: 'cmi5 MUST', should: 'cmi5 SHOULD', xapi: 'xAPI 1.0.3', conv: 'convention' };
    for (const [id, [kind, sec, desc]] of Object.entries(CHECKS)) {
      process.stdout.write(`${id.padEnd(30)} ${label[kind].padEnd(11)} ${(sec === '-' ? '' : sec).padEnd(23)} ${desc}\n`);
    }
    process.exit(0);
  } else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else pos.push(a);
}
if (pos.length !== 2) usage('need STATEMENTS.json and LAUNCH.json');

function readJson(file, what) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) {
    process.stderr.write(`check-statements: cannot read ${what} ${file}: ${e.message}\n`);
    process.exit(2);
  }
  return undefined;
}
function asStatements(data, file) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.statements)) return data.statements;
  process.stderr.write(`check-statements: ${file} is neither a JSON array of statements nor {"statements":[...]}\n`);
  process.exit(2);
  return undefined;
}
const statements = asStatements(readJson(pos[0], 'statements'), pos[0]);
const launchIn = readJson(pos[1], 'launch data');
const launchData = launchIn && launchIn.launchData ? launchIn.launchData : launchIn;
if (!launchData || typeof launchData !== 'object' || !launchData.contextTemplate) {
  process.stderr.write(`check-statements: ${pos[1]} has no contextTemplate (need LMS.LaunchData or the stand-in's /__info JSON)\n`);
  process.exit(2);
}

// ------------------------------------------------------------------ helpers
const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 date-time with a zone (xAPI timestamps); UTC = Z or +00:00 (+0000, +00).
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const TS_UTC_RE = /(Z|\+00(:?00)?)$/;
// ISO 8601 duration as xAPI uses it (alternate week form allowed).
const DUR_RE = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$|^P\d+(\.\d+)?W$/;
function ifi(a) {
  if (!isObj(a)) return null;
  if (a.mbox) return `mbox:${a.mbox}`;
  if (a.mbox_sha1sum) return `sha1:${a.mbox_sha1sum}`;
  if (a.openid) return `openid:${a.openid}`;
  if (isObj(a.account)) return `account:${a.account.homePage}|${a.account.name}`;
  return null;
}
function canon(x) { // JSON with sorted keys, for deep equality
  if (Array.isArray(x)) return `[${x.map(canon).join(',')}]`;
  if (isObj(x)) return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canon(x[k])}`).join(',')}}`;
  return JSON.stringify(x);
}
const deepEq = (a, b) => canon(a) === canon(b);
const cats = (s) => (isObj(s.context) && isObj(s.context.contextActivities) && Array.isArray(s.context.contextActivities.category)
  ? s.context.contextActivities.category.map((c) => (isObj(c) ? c.id : undefined)) : []);
const ctxExt = (s) => (isObj(s.context) && isObj(s.context.extensions) ? s.context.extensions : {});
const verbId = (s) => (isObj(s.verb) ? s.verb.id : undefined);
const short = (v) => { let t = JSON.stringify(v); if (t === undefined) t = String(v); return t.length > 90 ? `${t.slice(0, 87)}...` : t; };
const sameUuid = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

// --------------------------------------------------------------- reporting
const findings = [];
const counts = { cmi5: 0, xapi: 0, conv: 0, should: 0, diff: 0 };
function label(i) {
  if (i === null || i === undefined) return 'session';
  const s = statements[i];
  const vid = isObj(s) ? verbId(s) : undefined;
  const name = VERB_NAME[vid] || (typeof vid === 'string' ? vid.replace(/^.*[/#]/, '') : '?');
  const id = isObj(s) && typeof s.id === 'string' ? ` ${s.id.slice(0, 8)}` : '';
  return `#${i + 1} ${name}${id}`;
}
function report(check, i, msg) {
  const [kind, sec] = CHECKS[check];
  let level = 'FAIL';
  let tag;
  if (kind === 'cmi5') tag = `cmi5 ${sec}`;
  else if (kind === 'should') { tag = `cmi5 ${sec} SHOULD`; level = opt.strict ? 'FAIL' : 'WARN'; }
  else if (kind === 'xapi') tag = `xAPI ${sec}`;
  else { tag = sec === '-' ? 'convention' : `convention; cf. cmi5 ${sec}`; if (opt.specOnly) level = 'WARN'; }
  counts[kind] += 1;
  findings.push({ level, line: `${level} [${tag}] ${label(i)}: ${msg} (${check})` });
}
const info = (msg) => findings.push({ level: 'INFO', line: `INFO ${msg}` });

// ----------------------------------------------- launch parameters (expected)
const sessionId = isObj(launchData.contextTemplate.extensions) ? launchData.contextTemplate.extensions[EXT_SESSION] : undefined;
const first = statements.find((s) => isObj(s)) || {};
let registration = opt.registration || launchIn.registration;
let activityId = opt.activityId || launchIn.activityId;
let actor = opt.actor || launchIn.actor;
const inferred = [];
if (!registration) { registration = isObj(first.context) ? first.context.registration : undefined; inferred.push('registration'); }
if (!activityId) { activityId = isObj(first.object) ? first.object.id : undefined; inferred.push('activityId'); }
if (!actor) { actor = first.actor; inferred.push('actor'); }
if (inferred.length) info(`${inferred.join(', ')} not given (LAUNCH.json is a bare LaunchData; use the stand-in's /__info or --registration/--activity-id/--actor): taken from statement #1, so only consistency is checked`);
const mastery = typeof launchData.masteryScore === 'number' ? launchData.masteryScore : null;
const launchMode = launchData.launchMode || 'Normal';
if (sessionId === undefined) info(`the contextTemplate has no ${EXT_SESSION} extension (an LMS MUST put it there, cmi5 10.2.1)`);

// ----------------------------------------------------- per-statement checks
const AU_VERBS = new Set(Object.values(V));
const kinds = []; // 'defined' | 'allowed' | null (not an object)
let xapiValidate = null;
if (opt.xapi) {
  try {
    const { createRequire } = require('module');
    const prefix = process.env.XAPI_TOOLS_NODE || path.resolve(__dirname, '../../target/xapi-tools/node');
    const mod = createRequire(path.join(prefix, 'package.json'))('@learninglocker/xapi-validation');
    xapiValidate = mod.default || mod;
  } catch (e) {
    info(`xAPI-level validation skipped (@learninglocker/xapi-validation not loadable: ${e.message.split('\n')[0]}; run scripts/xapi-tools.sh)`);
  }
}
const seenIds = new Map();
let prevTs = null;
let completedSeenAt = null;

statements.forEach((s, i) => {
  if (!isObj(s)) { kinds.push(null); report('xapi-structure', i, `not a JSON object: ${short(s)}`); return; }
  const vid = verbId(s);
  const hasCmi5Cat = cats(s).includes(CAT_CMI5);
  const onAu = isObj(s.object) && s.object.id === activityId;
  let kind = hasCmi5Cat ? 'defined' : 'allowed';
  if (!hasCmi5Cat && AU_VERBS.has(vid) && onAu) {
    report('cmi5-verb-on-au', i, `uses a cmi5 verb on the AU activityId but lacks the cmi5 category ${CAT_CMI5}`);
    report('category-cmi5', i, `context.contextActivities.category lacks ${CAT_CMI5} (categories: ${short(cats(s))})`);
    kind = 'defined';
  }
  kinds.push(kind);
  const ctx = isObj(s.context) ? s.context : {};
  const res = isObj(s.result) ? s.result : null;

  // id / timestamp / version
  if (typeof s.id !== 'string') report('statement-id', i, 'no id (the AU MUST assign a UUID id)');
  else if (!UUID_RE.test(s.id)) report('statement-id', i, `id ${short(s.id)} is not a UUID`);
  else {
    const k = s.id.toLowerCase();
    if (seenIds.has(k)) {
      const j = seenIds.get(k);
      report('id-unique', i, `id also used by #${j + 1}${deepEq(statements[j], s) ? ' (identical content: a resend)' : ' with OTHER content (an LRS answers 409)'}`);
    } else seenIds.set(k, i);
  }
  if (typeof s.timestamp !== 'string') report('timestamp', i, 'no timestamp');
  else if (!TS_RE.test(s.timestamp) || Number.isNaN(Date.parse(s.timestamp))) report('timestamp', i, `timestamp ${short(s.timestamp)} is not an ISO 8601 date-time with a zone`);
  else {
    if (!TS_UTC_RE.test(s.timestamp)) report('timestamp', i, `timestamp ${s.timestamp} is not in UTC (use Z)`);
    const t = Date.parse(s.timestamp);
    if (prevTs !== null && t < prevTs.t) report('timestamp-order', i, `timestamp ${s.timestamp} is earlier than #${prevTs.i + 1}'s ${statements[prevTs.i].timestamp}`);
    if (prevTs === null || t >= prevTs.t) prevTs = { t, i };
  }
  if (s.version !== undefined && !(typeof s.version === 'string' && /^1\.0(\.\d+)?$/.test(s.version))) report('version', i, `version ${short(s.version)} is not 1.0.x`);
  if (xapiValidate) {
    let warnings = [];
    try { warnings = xapiValidate(s); } catch (e) { warnings = [{ path: ['statement'], name: `validator crashed: ${e.message}` }]; }
    for (const w of warnings) report('xapi-structure', i, `${(w.path || []).join('.') || 'statement'}: ${w.name || 'Warning'}${w.data !== undefined ? ` (${short(w.data)})` : ''}`);
  }

  // actor
  if (ifi(s.actor) === null || ifi(s.actor) !== ifi(actor)) report('actor', i, `actor ${short(s.actor)} is not the launch actor ${short(actor)}`);
  else if (!deepEq(s.actor, actor)) report('actor-exact', i, `actor ${short(s.actor)} differs from the launch actor JSON ${short(actor)}`);

  // voiding / LMS verbs
  if (vid === VOIDED) report('no-voiding', i, 'an AU MUST NOT void statements (the LMS grants no permission to)');
  if (Object.values(LMS_VERBS).includes(vid)) report('lms-verb', i, `${VERB_NAME[vid]} is an LMS-only cmi5 verb`);

  // context: registration, session id, contextTemplate
  if (kind === 'defined') {
    if (!sameUuid(ctx.registration, registration)) report('registration', i, `context.registration ${short(ctx.registration)}, launch registration ${short(registration)}`);
  } else if (!sameUuid(ctx.registration, registration)) report('registration-allowed', i, `cmi5 allowed statement: context.registration ${short(ctx.registration)}, launch registration ${short(registration)}`);
  const ext = ctxExt(s);
  if (sessionId !== undefined && ext[EXT_SESSION] !== sessionId) {
    report('session-id', i, `context.extensions[sessionid] ${ext[EXT_SESSION] === undefined ? 'missing' : short(ext[EXT_SESSION])}, contextTemplate has ${short(sessionId)}`);
  }
  const tpl = launchData.contextTemplate;
  for (const [k, v] of Object.entries(tpl)) {
    if (k === 'contextActivities' && isObj(v)) {
      const ca = isObj(ctx.contextActivities) ? ctx.contextActivities : {};
      for (const [list, acts] of Object.entries(v)) {
        const want = Array.isArray(acts) ? acts : [acts];
        const have = Array.isArray(ca[list]) ? ca[list] : (isObj(ca[list]) ? [ca[list]] : []);
        for (const a of want) {
          if (!have.some((h) => isObj(h) && isObj(a) && h.id === a.id)) report('context-template', i, `context.contextActivities.${list} lacks contextTemplate activity ${short(isObj(a) ? a.id : a)}`);
        }
      }
    } else if (k === 'extensions' && isObj(v)) {
      for (const [ek, ev] of Object.entries(v)) {
        if (ek === EXT_SESSION) continue; // reported by session-id
        if (!(ek in ext)) report('context-template', i, `context.extensions lacks contextTemplate extension ${ek}`);
        else if (!deepEq(ext[ek], ev)) report('context-template', i, `context.extensions[${ek}] ${short(ext[ek])} overwrites the contextTemplate's ${short(ev)}`);
      }
    } else if (!(k in ctx)) report('context-template', i, `context lacks contextTemplate property ${k}`);
    else if (!deepEq(ctx[k], v)) report('context-template', i, `context.${k} ${short(ctx[k])} overwrites the contextTemplate's ${short(v)}`);
  }

  // moveOn category (all statements)
  const hasMoveOn = cats(s).includes(CAT_MOVEON);
  const judged = !!res && ('success' in res || 'completion' in res);
  if (kind === 'defined' && judged && !hasMoveOn) report('moveon-category', i, `result has ${'success' in res ? 'success' : 'completion'} but the category list lacks ${CAT_MOVEON}`);
  if (hasMoveOn && !(kind === 'defined' && judged)) report('moveon-category', i, `carries the moveon category but is ${kind === 'defined' ? 'a cmi5 defined statement without success/completion' : 'not a cmi5 defined statement'}`);

  // duration format anywhere
  if (res && 'duration' in res && !(typeof res.duration === 'string' && DUR_RE.test(res.duration))) report('duration-format', i, `result.duration ${short(res.duration)} is not an ISO 8601 duration`);

  // progress extension (any statement)
  const rext = res && isObj(res.extensions) ? res.extensions : {};
  if (EXT_PROGRESS in rext) {
    const p = rext[EXT_PROGRESS];
    if (!(Number.isInteger(p) && p >= 0 && p <= 100)) report('progress-value', i, `progress ${short(p)} is not an integer 0..100`);
    if (vid === V.completed && kind === 'defined') report('progress-after-completed', i, 'progress in a completed statement');
    else if (completedSeenAt !== null) report('progress-after-completed', i, `progress after completed (#${completedSeenAt + 1})`);
  }
  if (kind === 'defined' && vid === V.completed && completedSeenAt === null) completedSeenAt = i;

  if (kind !== 'defined') return;

  // ---- cmi5 defined only
  if (!AU_VERBS.has(vid) && !Object.values(LMS_VERBS).includes(vid)) {
    report('defined-verb', i, `carries the cmi5 category but verb ${short(vid)} is not a cmi5 defined verb (a cmi5 allowed statement MUST NOT carry ${CAT_CMI5})`);
  }
  if (!isObj(s.actor) || s.actor.objectType !== 'Agent' || !isObj(s.actor.account)) {
    report('actor-agent', i, `actor must be objectType "Agent" with an account (got objectType ${short(isObj(s.actor) ? s.actor.objectType : undefined)}${isObj(s.actor) && isObj(s.actor.account) ? '' : ', no account'})`);
  }
  if (!isObj(s.object) || s.object.id !== activityId) report('object-id', i, `object.id ${short(isObj(s.object) ? s.object.id : s.object)}, launch activityId ${short(activityId)}`);
  else if (s.object.objectType !== undefined && s.object.objectType !== 'Activity') report('object-id', i, `object.objectType ${short(s.object.objectType)} (the AU is an Activity)`);

  const has = (k) => !!res && k in res;
  // completion / success / score / duration per verb
  if (vid === V.completed) {
    if (!has('completion') || res.completion !== true) report('completion', i, `result.completion must be true (got ${short(res ? res.completion : undefined)})`);
  } else if (has('completion')) report('completion', i, `result.completion ${short(res.completion)} in a ${VERB_NAME[vid] || vid} statement`);
  if (vid === V.passed) {
    if (!has('success') || res.success !== true) report('success', i, `result.success must be true (got ${short(res ? res.success : undefined)})`);
  } else if (vid === V.failed) {
    if (!has('success') || res.success !== false) report('success', i, `result.success must be false (got ${short(res ? res.success : undefined)})`);
  } else if (has('success')) report('success', i, `result.success ${short(res.success)} in a ${VERB_NAME[vid] || vid} statement`);
  if (has('score') && vid !== V.passed && vid !== V.failed) report('score-placement', i, `result.score in a ${VERB_NAME[vid] || vid} statement`);
  if ([V.completed, V.passed, V.failed, V.terminated].includes(vid) && !has('duration')) report('duration', i, 'result.duration missing');
  if (has('score')) {
    const sc = res.score;
    if (!isObj(sc)) report('score-values', i, `result.score ${short(sc)} is not an object`);
    else {
      if ('scaled' in sc && !(typeof sc.scaled === 'number' && sc.scaled >= 0 && sc.scaled <= 1)) report('score-values', i, `score.scaled ${short(sc.scaled)} not in 0..1`);
      if ('raw' in sc) {
        if (!('min' in sc) || !('max' in sc)) report('score-values', i, 'score.raw given without min and max');
        for (const k of ['raw', 'min', 'max']) if (k in sc && !Number.isInteger(sc[k])) report('score-values', i, `score.${k} ${short(sc[k])} is not an integer`);
        if (typeof sc.min === 'number' && typeof sc.max === 'number' && typeof sc.raw === 'number' && !(sc.min <= sc.raw && sc.raw <= sc.max)) report('score-values', i, `score.raw ${sc.raw} not within min ${sc.min}..max ${sc.max}`);
      }
    }
  }
  if (vid === V.passed || vid === V.failed) {
    const scaled = has('score') && isObj(res.score) && typeof res.score.scaled === 'number' ? res.score.scaled : null;
    if (mastery !== null) {
      if (!(EXT_MASTERY in ext)) report('mastery-extension', i, `LaunchData masteryScore is ${mastery} but context.extensions lacks ${EXT_MASTERY}`);
      else if (ext[EXT_MASTERY] !== mastery) report('mastery-extension', i, `masteryscore extension ${short(ext[EXT_MASTERY])}, LaunchData masteryScore ${mastery}`);
      if (scaled === null) report('mastery-score-present', i, `no result.score.scaled although masteryScore ${mastery} applies`);
      else if (vid === V.passed && !(scaled >= mastery)) report('mastery-judgement', i, `passed with scaled ${scaled} < masteryScore ${mastery}`);
      else if (vid === V.failed && !(scaled < mastery)) report('mastery-judgement', i, `failed with scaled ${scaled} >= masteryScore ${mastery}`);
    } else if (EXT_MASTERY in ext) report('mastery-extension-unexpected', i, `masteryscore extension ${short(ext[EXT_MASTERY])} but LaunchData has no masteryScore`);
  }
});

// ------------------------------------------------------------ session checks
const defIdx = (vid) => statements.map((s, i) => i).filter((i) => kinds[i] === 'defined' && verbId(statements[i]) === vid);
// Order by timestamp (cmi5 9.3: "the order is determined by the value of the timestamp property"),
// arrival order breaking ties.
const order = statements.map((s, i) => i).filter((i) => kinds[i] !== null)
  .sort((a, b) => {
    const ta = Date.parse(statements[a].timestamp); const tb = Date.parse(statements[b].timestamp);
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
    return a - b;
  });
const inits = defIdx(V.initialized);
const terms = defIdx(V.terminated);
if (statements.length === 0) report('initialized-terminated-present', null, 'no statements at all');
else {
  if (!inits.length) report('initialized-terminated-present', null, 'no cmi5 defined initialized statement');
  if (!terms.length) report('initialized-terminated-present', null, 'no cmi5 defined terminated statement');
}
if (order.length) {
  const f = order[0];
  if (!(kinds[f] === 'defined' && verbId(statements[f]) === V.initialized)) report('first-initialized', f, 'is the first statement by timestamp, but the first MUST be initialized');
  const l = order[order.length - 1];
  if (terms.length && !(kinds[l] === 'defined' && verbId(statements[l]) === V.terminated)) {
    const t = terms[0];
    const after = order.slice(order.indexOf(t) + 1);
    report('last-terminated', null, `terminated (#${t + 1}) is not the last statement: after it by timestamp come ${after.map((j) => label(j)).join(', ')}`);
  }
  if (!(kinds[0] === 'defined' && verbId(statements[0]) === V.initialized)) report('arrival-order', 0, 'arrived first, but initialized should arrive first');
  const laterArrivals = terms.length ? statements.map((x, j) => j).filter((j) => j > terms[0] && kinds[j] !== null) : [];
  if (laterArrivals.length) report('arrival-order', null, `terminated (#${terms[0] + 1}) arrived before ${laterArrivals.map((j) => label(j)).join(', ')}`);
}
for (const [name, vid] of Object.entries(V)) {
  const idx = defIdx(vid);
  if (idx.length > 1) report('no-duplicate-verbs', idx[1], `${name} sent ${idx.length} times in the session (#${idx.map((j) => j + 1).join(', #')})`);
}
{
  const pf = [...defIdx(V.passed), ...defIdx(V.failed)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (pf.length > 1) report('passed-or-failed', pf[1], `more than one of passed/failed: ${pf.map((j) => label(j)).join(', ')}`);
  const p = defIdx(V.passed)[0];
  const fl = defIdx(V.failed).find((j) => p !== undefined && order.indexOf(j) > order.indexOf(p));
  if (fl !== undefined) report('passed-or-failed', fl, `failed after passed (#${p + 1})`);
}
if (inits.length || terms.length) {
  const iPos = inits.length ? order.indexOf(inits[0]) : -1;
  const tPos = terms.length ? order.indexOf(terms[0]) : order.length;
  order.forEach((j, k) => {
    if (kinds[j] === 'allowed' && (k < iPos || k > tPos)) report('allowed-between', j, `cmi5 allowed statement ${k < iPos ? 'before initialized' : 'after terminated'}`);
  });
}
if (launchMode === 'Browse' || launchMode === 'Review') {
  statements.forEach((s, i) => {
    if (kinds[i] === 'defined' && ![V.initialized, V.terminated].includes(verbId(s))) report('launch-mode', i, `launchMode ${launchMode}: only initialized and terminated may be cmi5 defined`);
  });
}
{
  const sids = new Set(statements.filter(isObj).map((s) => ctxExt(s)[EXT_SESSION]).filter((x) => x !== undefined));
  const regs = new Set(statements.filter(isObj).map((s) => (isObj(s.context) && typeof s.context.registration === 'string' ? s.context.registration.toLowerCase() : undefined)).filter((x) => x !== undefined));
  if (sids.size > 1 || regs.size > 1) report('single-session', null, `the file mixes ${sids.size} session ids and ${regs.size} registrations`);
}
// moveOn: no AU rule; tell what the LMS would conclude (informational).
{
  const c = defIdx(V.completed).length > 0;
  const p = defIdx(V.passed).length > 0;
  const mo = launchData.moveOn;
  const met = { Completed: c, Passed: p, CompletedAndPassed: c && p, CompletedOrPassed: c || p, NotApplicable: true }[mo];
  if (mo) info(`moveOn ${mo}, launchMode ${launchMode}${mastery !== null ? `, masteryScore ${mastery}` : ''}: completed ${c ? 'yes' : 'no'}, passed ${p ? 'yes' : 'no'}${defIdx(V.failed).length ? ', failed yes' : ''} -> moveOn criteria ${met ? 'met' : 'not met'} in this session (informational; cmi5 puts no moveOn rule on the AU)`);
}

// ------------------------------------------------------------ --reference
function features(s) {
  const f = {};
  const add = (k, v) => { (f[k] = f[k] || new Set()).add(v); };
  for (const k of Object.keys(s)) if (k !== 'stored' && k !== 'authority') add('statement keys', k); // LRS-set (xAPI 2.4.8/2.4.9)
  if (isObj(s.verb)) for (const k of Object.keys(s.verb)) add('verb keys', k);
  if (isObj(s.verb) && isObj(s.verb.display)) for (const k of Object.keys(s.verb.display)) add('verb display languages', k);
  if (isObj(s.object)) { add('object id', String(s.object.id)); for (const k of Object.keys(s.object)) add('object keys', k); }
  const ctx = isObj(s.context) ? s.context : {};
  for (const k of Object.keys(ctx)) add('context keys', k);
  const ca = isObj(ctx.contextActivities) ? ctx.contextActivities : {};
  for (const [list, acts] of Object.entries(ca)) {
    for (const a of (Array.isArray(acts) ? acts : [acts])) add(list === 'category' ? 'context category ids' : `contextActivities.${list} ids`, isObj(a) ? String(a.id) : short(a));
  }
  for (const k of Object.keys(ctxExt(s))) add('context extension keys', k);
  const res = isObj(s.result) ? s.result : null;
  if (res) {
    for (const k of Object.keys(res)) {
      add('result keys', k);
      if (isObj(res[k])) for (const k2 of Object.keys(res[k])) add('result keys', `${k}.${k2}`);
    }
  }
  return f;
}
if (opt.reference) {
  const ref = asStatements(readJson(opt.reference, 'reference'), opt.reference).filter(isObj);
  const group = (list) => {
    const g = new Map();
    for (const s of list) {
      const vid = verbId(s);
      const key = `${cats(s).includes(CAT_CMI5) ? '' : '(allowed) '}${VERB_NAME[vid] || vid}`;
      if (!g.has(key)) g.set(key, []);
      g.get(key).push(features(s));
    }
    const merged = new Map();
    for (const [k, fs2] of g) {
      const m = {};
      for (const f of fs2) for (const [fk, set] of Object.entries(f)) { m[fk] = m[fk] || new Set(); for (const v of set) m[fk].add(v); }
      merged.set(k, m);
    }
    return merged;
  };
  const mine = group(statements.filter(isObj));
  const theirs = group(ref);
  const fmt = (set) => `{${[...set].sort().join(', ')}}`;
  for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
    if (!mine.has(key)) { counts.diff++; findings.push({ level: 'DIFF', line: `DIFF [reference] ${key}: in the reference session only` }); continue; }
    if (!theirs.has(key)) {
      if (key.startsWith('(allowed)')) { info(`${key}: cmi5 allowed statement not in the reference session (not compared)`); continue; }
      counts.diff++; findings.push({ level: 'DIFF', line: `DIFF [reference] ${key}: not in the reference session` }); continue;
    }
    const a = mine.get(key); const b = theirs.get(key);
    for (const fk of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const A = a[fk] || new Set(); const B = b[fk] || new Set();
      const onlyA = [...A].filter((x) => !B.has(x)); const onlyB = [...B].filter((x) => !A.has(x));
      if (onlyA.length || onlyB.length) {
        counts.diff++;
        const parts = [];
        if (onlyA.length) parts.push(`only here ${fmt(onlyA)}`);
        if (onlyB.length) parts.push(`only in reference ${fmt(onlyB)}`);
        findings.push({ level: 'DIFF', line: `DIFF [reference] ${key} ${fk}: ${parts.join('; ')}` });
      }
    }
  }
}

// ------------------------------------------------------------------ output
const fails = findings.filter((f) => f.level === 'FAIL').length;
const warns = findings.filter((f) => f.level === 'WARN').length;
for (const f of findings) if (!(opt.quiet && f.level === 'INFO')) process.stdout.write(`${f.line}\n`);
const nDef = kinds.filter((k) => k === 'defined').length;
const nAll = kinds.filter((k) => k === 'allowed').length;
process.stdout.write(`check-statements: ${statements.length} statements (${nDef} cmi5 defined, ${nAll} cmi5 allowed), ` +
  `${counts.cmi5} cmi5 violations, ${counts.xapi} xAPI violations, ${counts.conv} convention violations, ${counts.should} SHOULD warnings` +
  `${opt.reference ? `, ${counts.diff} reference differences` : ''} -> ${fails || counts.diff ? 'FAILED' : 'OK'}${warns ? ` (${warns} warnings)` : ''}\n`);
process.exit(fails || counts.diff ? 1 : 0);
