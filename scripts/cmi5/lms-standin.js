#!/usr/bin/env node
'use strict';
// A small cmi5 LMS stand-in for testing an Assignable Unit (AU) on 127.0.0.1.
// Node stdlib only. It plays the LMS side of the cmi5 launch (spec "quartz",
// https://github.com/AICC/CMI-5_Spec_Current/blob/quartz/cmi5_spec.md):
//   8.1   launch parameters endpoint, fetch, actor, registration, activityId
//   8.2   one-time fetch URL -> {"auth-token": ...}; reuse -> error-code 1
//   10.0  State document LMS.LaunchData (contextTemplate with the session id)
//   11.0  Agent Profile cmi5LearnerPreferences
// and the xAPI Statement resource the AU writes to (kept in memory, optionally
// forwarded to a real LRS such as scripts/lrs-server.sh).
//
// Usage:
//   node lms-standin.js --port P [--host 127.0.0.1]
//        [--lrs URL --lrs-user U --lrs-password W]
//        [--mastery 0.8] [--launch-mode Normal|Browse|Review]
//        [--move-on CompletedOrPassed|Passed|Completed|CompletedAndPassed|NotApplicable]
//        [--return-url URL] [--launch-method AnyWindow|OwnWindow]
//        [--launch-parameters STRING] [--activity-id IRI] [--registration UUID]
//        [--preferences] [--preferences-readonly] [--refuse-terminated]
//   --port 0 picks a free port (the printed JSON tells which).
//   --lrs-user/--lrs-password default to $LRS_USER/$LRS_PASSWORD, then frontline/secret.
//
// Stdout: exactly ONE line of JSON once listening:
//   {"endpoint","fetch","actor","registration","activityId","launchUrlQuery",
//    "sessionId","launchData","port"}
// Stderr: one line per request (and notes).
//
// Routes (the xAPI ones also answer under /xapi/... only):
//   POST /fetch/<id>                 first: 200 {"auth-token": base64}; again: 200 error-code 1;
//                                    unknown id: 200 error-code 2 (8.2.3.2); GET: 405
//   GET  /xapi/about                 {"version":["1.0.3"]} (no auth)
//   GET  /xapi/activities/state      LMS.LaunchData (exact stateId/activityId/agent/registration,
//                                    else 404); other stateIds: the AU's own documents
//   PUT|POST|DELETE .../state        LMS.LaunchData -> 403 (10.2.1: AU MUST NOT modify it);
//                                    other stateIds stored in memory (204)
//   GET  /xapi/agents/profile        profileId=cmi5LearnerPreferences: 404, or with
//                                    --preferences {"languagePreference":"en-US","audioPreference":"on"}
//   PUT|POST /xapi/agents/profile    stored (204); with --preferences-readonly 403 (11.0)
//   POST|PUT /xapi/statements        token auth + X-Experience-API-Version 1.0.x required;
//                                    kept in arrival order; forwarded to --lrs (its answer is
//                                    returned; kept only when it answers 2xx);
//                                    --refuse-terminated: 403 for a batch holding "terminated"
//   GET  /xapi/statements            forwarded to --lrs, else served from memory
//   GET  /__statements               test hook (no auth): JSON array of what was kept
//   GET  /__launchdata               test hook: the LaunchData document
//   GET  /__info                     test hook: the startup JSON plus counters
//   GET  /__requests                 test hook: every request seen (method, path, status)
// Every xAPI request other than /about needs `Authorization: Basic <auth-token>` (401
// otherwise) and, except the fetch URL, `X-Experience-API-Version: 1.0.x` (400 otherwise).

const http = require('http');
const crypto = require('crypto');
const { URL } = require('url');

// ------------------------------------------------------------------ arguments
const opts = {
  port: null,
  host: '127.0.0.1',
  lrs: null,
  lrsUser: process.env.LRS_USER || 'frontline',
  lrsPassword: process.env.LRS_PASSWORD || 'secret',
  mastery: null,
  launchMode: 'Normal',
  moveOn: 'CompletedOrPassed',
  returnUrl: null,
  launchMethod: 'AnyWindow',
  launchParameters: null,
  activityId: 'https://lms.example/au/frontline-angry-customer',
  registration: null,
  preferences: false,
  preferencesReadonly: false,
  refuseTerminated: false,
};
const LAUNCH_MODES = ['Normal', 'Browse', 'Review'];
const MOVE_ONS = ['CompletedOrPassed', 'Passed', 'Completed', 'CompletedAndPassed', 'NotApplicable'];

function usage(msg) {
  if (msg) process.stderr.write(`lms-standin: ${msg}\n`);
  process.stderr.write('usage: node lms-standin.js --port P [--lrs URL --lrs-user U --lrs-password W] ' +
    '[--mastery 0.8] [--launch-mode Normal|Browse|Review] [--move-on ' + MOVE_ONS.join('|') + '] ' +
    '[--return-url URL] [--launch-method AnyWindow|OwnWindow] [--launch-parameters S] ' +
    '[--activity-id IRI] [--registration UUID] [--preferences] [--preferences-readonly] ' +
    '[--refuse-terminated] [--host 127.0.0.1]\n');
  process.exit(2);
}
{
  const a = process.argv.slice(2);
  const val = (i) => { if (i + 1 >= a.length) usage(`${a[i]} needs a value`); return a[i + 1]; };
  for (let i = 0; i < a.length; i++) {
    const k = a[i];
    switch (k) {
      case '--port': opts.port = Number(val(i)); i++; break;
      case '--host': opts.host = val(i); i++; break;
      case '--lrs': opts.lrs = val(i); i++; break;
      case '--lrs-user': opts.lrsUser = val(i); i++; break;
      case '--lrs-password': opts.lrsPassword = val(i); i++; break;
      case '--mastery': opts.mastery = Number(val(i)); i++; break;
      case '--launch-mode': opts.launchMode = val(i); i++; break;
      case '--move-on': opts.moveOn = val(i); i++; break;
      case '--return-url': opts.returnUrl = val(i); i++; break;
      case '--launch-method': opts.launchMethod = val(i); i++; break;
      case '--launch-parameters': opts.launchParameters = val(i); i++; break;
      case '--activity-id': opts.activityId = val(i); i++; break;
      case '--registration': opts.registration = val(i); i++; break;
      case '--preferences': opts.preferences = true; break;
      case '--preferences-readonly': opts.preferencesReadonly = true; break;
      case '--refuse-terminated': opts.refuseTerminated = true; break;
      case '-h': case '--help': usage();
      // falls through (usage exits)
      default: usage(`unknown argument: ${k}`);
    }
  }
  if (opts.port === null || !Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) usage('--port P is required (0..65535)');
  if (!LAUNCH_MODES.includes(opts.launchMode)) usage(`bad --launch-mode ${opts.launchMode}`);
  if (!MOVE_ONS.includes(opts.moveOn)) usage(`bad --move-on ${opts.moveOn}`);
  if (!['AnyWindow', 'OwnWindow'].includes(opts.launchMethod)) usage(`bad --launch-method ${opts.launchMethod}`);
  if (opts.mastery !== null && !(opts.mastery >= 0 && opts.mastery <= 1)) usage('--mastery must be a decimal in 0..1 (10.2.4)');
  if (opts.lrs && !/\/$/.test(opts.lrs)) opts.lrs += '/';
}

// ------------------------------------------------------------- launch session
const registration = opts.registration || crypto.randomUUID();
const sessionId = crypto.randomUUID();
const fetchId = crypto.randomBytes(18).toString('base64url');
// The auth-token is what the AU puts after "Basic " (8.2.1). We make it look like
// ordinary Basic credentials (base64 of user:password), as LMSs usually do.
const authToken = Buffer.from(`cmi5-au-${crypto.randomBytes(6).toString('hex')}:${crypto.randomBytes(18).toString('hex')}`).toString('base64');
const actor = { objectType: 'Agent', name: 'Ana Learner', account: { homePage: 'https://lms.example', name: 'ana' } };
const publisherId = 'https://frontline.example/cmi5/au/angry-customer'; // AU id from course structure (9.6.2.3)
const SESSION_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

const launchData = {
  contextTemplate: {
    contextActivities: { grouping: [{ objectType: 'Activity', id: publisherId }] },
    extensions: { [SESSION_EXT]: sessionId },
  },
  launchMode: opts.launchMode,
  launchMethod: opts.launchMethod,
  moveOn: opts.moveOn,
};
if (opts.mastery !== null) launchData.masteryScore = opts.mastery;
if (opts.returnUrl) launchData.returnURL = opts.returnUrl;
if (opts.launchParameters !== null) launchData.launchParameters = opts.launchParameters;

let fetchUsed = false;
const kept = [];          // statements accepted, arrival order
const rejected = [];      // {status, reason, statements}
const requests = [];      // {method, path, status}
const states = new Map(); // other state documents: key -> {type, body}
let preferencesDoc = opts.preferences ? { languagePreference: 'en-US', audioPreference: 'on' } : null;
let terminatedSeen = false;

// ------------------------------------------------------------------- helpers
const log = (m) => process.stderr.write(`lms-standin: ${m}\n`);
const sameUuid = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

// Inverse Functional Identifier of an agent (xAPI 2.4.2.3): what makes two agents the same.
function ifi(agent) {
  if (!agent || typeof agent !== 'object') return null;
  if (agent.mbox) return `mbox:${agent.mbox}`;
  if (agent.mbox_sha1sum) return `sha1:${agent.mbox_sha1sum}`;
  if (agent.openid) return `openid:${agent.openid}`;
  if (agent.account && agent.account.homePage && agent.account.name) return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}
function agentMatches(param) {
  if (typeof param !== 'string') return false;
  try { return ifi(JSON.parse(param)) === ifi(actor); } catch { return false; }
}

function send(res, status, body, headers = {}) {
  const h = { 'X-Experience-API-Version': '1.0.3', ...headers };
  let data = '';
  if (body !== undefined && body !== null) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) data = body;
    else { data = JSON.stringify(body); if (!h['Content-Type']) h['Content-Type'] = 'application/json'; }
  }
  h['Content-Length'] = Buffer.byteLength(data);
  res.writeHead(status, h);
  res.end(data);
}
const err = (res, status, message, extra = {}) => send(res, status, { error: message, ...extra });

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => { size += c.length; if (size > 16 * 1024 * 1024) { reject(new Error('body too large')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// xAPI requests: auth first (401), then version header (400).
function checkAuth(req, res) {
  if (req.headers.authorization !== `Basic ${authToken}`) {
    err(res, 401, 'Authorization must be "Basic <auth-token>" with the token from the fetch URL (cmi5 8.2.1)',
    );
    return false;
  }
  return true;
}
function checkVersion(req, res) {
  const v = req.headers['x-experience-api-version'];
  if (typeof v !== 'string' || !/^1\.0(\.\d+)?$/.test(v.trim())) {
    err(res, 400, `X-Experience-API-Version header must be 1.0.x (got ${v === undefined ? 'none' : JSON.stringify(v)})`);
    return false;
  }
  return true;
}

// Forward one request to the real LRS; resolves {status, headers, body(Buffer)}.
function forward(method, pathAndQuery, body, contentType) {
  return new Promise((resolve, reject) => {
    const target = new URL(pathAndQuery, opts.lrs);
    const headers = {
      Authorization: 'Basic ' + Buffer.from(`${opts.lrsUser}:${opts.lrsPassword}`).toString('base64'),
      'X-Experience-API-Version': '1.0.3',
    };
    if (body) { headers['Content-Type'] = contentType || 'application/json'; headers['Content-Length'] = body.length; }
    const r = http.request(target, { method, headers, timeout: 15000 }, (resp) => {
      const chunks = [];
      resp.on('data', (c) => chunks.push(c));
      resp.on('end', () => resolve({ status: resp.statusCode, headers: resp.headers, body: Buffer.concat(chunks) }));
    });
    r.on('timeout', () => r.destroy(new Error('LRS timeout')));
    r.on('error', reject);
    if (body) r.write(body);
    r.end();
  });
}
function relay(res, fwd) {
  const h = {};
  for (const k of ['content-type', 'x-experience-api-version', 'x-experience-api-consistent-through', 'etag', 'last-modified']) {
    if (fwd.headers[k]) h[k.replace(/(^|-)([a-z])/g, (m, d, c) => d + c.toUpperCase())] = fwd.headers[k];
  }
  send(res, fwd.status, fwd.body, h);
}

// ------------------------------------------------------------------- handlers
function handleFetch(req, res, id) {
  if (req.method !== 'POST') {
    return send(res, 405, { 'error-code': '3', 'error-text': 'The fetch URL must be called with HTTP POST (cmi5 8.2.1)' }, { Allow: 'POST' });
  }
  if (id !== fetchId) {
    // 8.2.3.2: code 2 = "General Security Error - all other security issues including invalid tokens".
    return send(res, 200, { 'error-code': '2', 'error-text': 'Unknown fetch URL' });
  }
  if (fetchUsed) {
    return send(res, 200, { 'error-code': '1', 'error-text': 'The fetch URL has already been used' });
  }
  fetchUsed = true;
  return send(res, 200, { 'auth-token': authToken });
}

async function handleState(req, res, q) {
  const stateId = q.get('stateId');
  const activityOk = q.get('activityId') === opts.activityId;
  const agentOk = agentMatches(q.get('agent'));
  const regParam = q.get('registration');
  if (!activityOk || !agentOk) {
    if (!q.get('activityId') || !q.get('agent')) return err(res, 400, 'activityId and agent are required');
    return err(res, 404, 'No state for this activityId/agent');
  }
  if (stateId === 'LMS.LaunchData') {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return err(res, 403, 'The AU MUST NOT modify or delete the LMS.LaunchData State document (cmi5 10.2.1)');
    }
    if (!sameUuid(regParam, registration)) return err(res, 404, 'No LMS.LaunchData for this registration');
    return send(res, 200, launchData, { ETag: '"' + crypto.createHash('sha1').update(JSON.stringify(launchData)).digest('hex') + '"' });
  }
  const regKey = regParam ? regParam.toLowerCase() : '';
  if (!stateId) { // list state ids (or delete all for DELETE)
    if (req.method === 'DELETE') {
      for (const k of [...states.keys()]) if (k.startsWith(`${regKey}|`)) states.delete(k);
      return send(res, 204);
    }
    const ids = [...states.keys()].filter((k) => k.startsWith(`${regKey}|`)).map((k) => k.slice(regKey.length + 1));
    if (sameUuid(regParam, registration)) ids.unshift('LMS.LaunchData');
    return send(res, 200, ids);
  }
  const key = `${regKey}|${stateId}`;
  if (req.method === 'GET' || req.method === 'HEAD') {
    const doc = states.get(key);
    if (!doc) return err(res, 404, 'No such state document');
    return send(res, 200, doc.body, { 'Content-Type': doc.type });
  }
  if (req.method === 'DELETE') { states.delete(key); return send(res, 204); }
  if (req.method === 'PUT' || req.method === 'POST') {
    const body = await readBody(req);
    const type = req.headers['content-type'] || 'application/octet-stream';
    const prev = states.get(key);
    if (req.method === 'POST' && prev && /json/.test(prev.type) && /json/.test(type)) {
      try {
        const merged = { ...JSON.parse(prev.body.toString()), ...JSON.parse(body.toString()) };
        states.set(key, { type: 'application/json', body: Buffer.from(JSON.stringify(merged)) });
        return send(res, 204);
      } catch { return err(res, 400, 'POST merge needs JSON objects'); }
    }
    states.set(key, { type, body });
    return send(res, 204);
  }
  return err(res, 405, 'Method not allowed');
}

async function handleAgentProfile(req, res, q) {
  if (!q.get('agent') || !agentMatches(q.get('agent'))) {
    return err(res, q.get('agent') ? 404 : 400, q.get('agent') ? 'No profile for this agent' : 'agent is required');
  }
  const profileId = q.get('profileId');
  if (profileId !== 'cmi5LearnerPreferences') {
    if (!profileId && req.method === 'GET') return send(res, 200, preferencesDoc ? ['cmi5LearnerPreferences'] : []);
    return err(res, 404, 'No such profile');
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (!preferencesDoc) return err(res, 404, 'No learner preferences');
    return send(res, 200, preferencesDoc);
  }
  if (req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE') {
    if (opts.preferencesReadonly) return err(res, 403, 'Learner preferences are managed by the LMS (cmi5 11.0: the AU MUST NOT treat 403 as an error)');
    if (req.method === 'DELETE') { preferencesDoc = null; return send(res, 204); }
    const body = await readBody(req);
    try {
      const doc = JSON.parse(body.toString());
      preferencesDoc = req.method === 'POST' && preferencesDoc ? { ...preferencesDoc, ...doc } : doc;
    } catch { return err(res, 400, 'cmi5LearnerPreferences must be a JSON object (cmi5 11.0)'); }
    return send(res, 204);
  }
  return err(res, 405, 'Method not allowed');
}

const TERMINATED = 'http://adlnet.gov/expapi/verbs/terminated';

async function handleStatements(req, res, q, rawQuery) {
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (opts.lrs) {
      try { return relay(res, await forward('GET', 'statements' + rawQuery, null)); } catch (e) { return err(res, 502, `LRS: ${e.message}`); }
    }
    const id = q.get('statementId');
    if (id) {
      const s = kept.find((x) => sameUuid(x.id, id));
      return s ? send(res, 200, s) : err(res, 404, 'No Statement found');
    }
    return send(res, 200, { statements: [...kept].reverse(), more: '' });
  }
  if (req.method !== 'POST' && req.method !== 'PUT') return err(res, 405, 'Method not allowed');

  const body = await readBody(req);
  const ctype = String(req.headers['content-type'] || '');
  if (/multipart\/mixed/i.test(ctype)) {
    return err(res, 400, 'The stand-in does not accept statements with attachments (multipart/mixed)');
  }
  let parsed;
  try { parsed = JSON.parse(body.toString('utf8')); } catch (e) { return err(res, 400, `Body is not JSON: ${e.message}`); }
  let batch;
  if (req.method === 'PUT') {
    const sid = q.get('statementId');
    if (!sid) return err(res, 400, 'PUT /statements needs ?statementId=');
    if (Array.isArray(parsed) || !parsed || typeof parsed !== 'object') return err(res, 400, 'PUT body must be one statement object');
    if (parsed.id && !sameUuid(parsed.id, sid)) return err(res, 400, 'statementId and the statement id differ');
    batch = [parsed.id ? parsed : { id: sid, ...parsed }];
  } else {
    batch = Array.isArray(parsed) ? parsed : [parsed];
    if (batch.some((s) => !s || typeof s !== 'object' || Array.isArray(s))) return err(res, 400, 'Statements must be JSON objects');
  }
  const hasTerminated = batch.some((s) => s.verb && s.verb.id === TERMINATED);
  if (opts.refuseTerminated && hasTerminated) {
    rejected.push({ status: 403, reason: '--refuse-terminated', statements: batch });
    log(`refused a batch of ${batch.length} holding a terminated statement (--refuse-terminated)`);
    return err(res, 403, 'Statement batch refused by the LMS (stand-in --refuse-terminated)');
  }
  if (terminatedSeen) log('note: statement(s) received after a terminated statement (cmi5 9.3.8: last statement of the session)');

  if (opts.lrs) {
    let fwd;
    try {
      fwd = await forward(req.method, 'statements' + rawQuery, body, 'application/json');
    } catch (e) {
      rejected.push({ status: 502, reason: e.message, statements: batch });
      return err(res, 502, `LRS: ${e.message}`);
    }
    if (fwd.status >= 200 && fwd.status < 300) {
      let ids = null;
      try { ids = fwd.body.length ? JSON.parse(fwd.body.toString()) : null; } catch { /* keep raw */ }
      batch.forEach((s, i) => {
        if (!kept.some((k) => s.id && sameUuid(k.id, s.id))) kept.push(s);
        if (!s.id && Array.isArray(ids)) log(`LRS assigned id ${ids[i]} to a statement sent without one`);
      });
      if (hasTerminated) terminatedSeen = true;
    } else {
      rejected.push({ status: fwd.status, reason: fwd.body.toString().slice(0, 2000), statements: batch });
      log(`LRS answered ${fwd.status}: ${fwd.body.toString().slice(0, 500)}`);
    }
    return relay(res, fwd);
  }

  // In-memory behaviour, like an LRS: same id + same content = no-op, other content = 409.
  const ids = [];
  const seen = new Set();
  for (const s of batch) {
    const id = s.id || crypto.randomUUID();
    if (seen.has(id.toLowerCase())) return err(res, 400, `${id} is duplicated in the current batch`);
    seen.add(id.toLowerCase());
    const prev = s.id && kept.find((k) => sameUuid(k.id, s.id));
    if (prev && JSON.stringify(prev) !== JSON.stringify(s)) return err(res, 409, `${id} is conflicting`);
    ids.push(id);
  }
  batch.forEach((s) => { if (!(s.id && kept.some((k) => sameUuid(k.id, s.id)))) kept.push(s); });
  if (hasTerminated) terminatedSeen = true;
  if (req.method === 'PUT') return send(res, 204);
  return send(res, 200, ids);
}

// -------------------------------------------------------------------- server
let port = opts.port;
let info = null;

const server = http.createServer(async (req, res) => {
  const u = new URL(req.url, `http://${req.headers.host || '127.0.0.1'}`);
  const path = u.pathname;
  const q = u.searchParams;
  const rawQuery = u.search;
  const started = Date.now();
  res.on('finish', () => {
    requests.push({ method: req.method, path, status: res.statusCode });
    log(`${req.method} ${path}${rawQuery.length > 160 ? rawQuery.slice(0, 160) + '…' : rawQuery} -> ${res.statusCode} (${Date.now() - started} ms)`);
  });
  try {
    if (path.startsWith('/fetch/')) return handleFetch(req, res, path.slice('/fetch/'.length));
    if (path === '/__statements') return send(res, 200, kept);
    if (path === '/__rejected') return send(res, 200, rejected);
    if (path === '/__launchdata') return send(res, 200, launchData);
    if (path === '/__requests') return send(res, 200, requests);
    if (path === '/__info') return send(res, 200, { ...info, fetchUsed, kept: kept.length, rejected: rejected.length, terminatedSeen });

    const m = /^\/xapi\/(.*)$/i.exec(path);
    if (!m) return err(res, 404, 'Not found');
    const resource = m[1].replace(/\/+$/, '');
    if (resource === 'about') {
      return send(res, 200, { version: ['1.0.3'], extensions: { 'https://frontline.example/cmi5/lms-standin': true } });
    }
    if (!checkAuth(req, res)) return undefined;
    if (!checkVersion(req, res)) return undefined;
    if (resource === 'statements') return await handleStatements(req, res, q, rawQuery);
    if (resource === 'activities/state') return await handleState(req, res, q);
    if (resource === 'agents/profile') return await handleAgentProfile(req, res, q);
    if (resource === 'activities/profile') {
      if (req.method === 'GET') return err(res, 404, 'No activity profile');
      await readBody(req);
      return send(res, 204);
    }
    if (resource === 'activities' && req.method === 'GET') {
      return q.get('activityId') === opts.activityId
        ? send(res, 200, { objectType: 'Activity', id: opts.activityId })
        : err(res, 404, 'Unknown activity');
    }
    if (resource === 'agents' && req.method === 'GET') {
      return agentMatches(q.get('agent'))
        ? send(res, 200, { objectType: 'Person', name: [actor.name], account: [actor.account] })
        : err(res, 404, 'Unknown agent');
    }
    return err(res, 404, `Unknown xAPI resource /${resource}`);
  } catch (e) {
    log(`error: ${e.stack || e}`);
    if (!res.headersSent) return err(res, 500, String(e.message || e));
    res.destroy();
    return undefined;
  }
});

server.on('error', (e) => { log(`cannot listen on ${opts.host}:${opts.port}: ${e.message}`); process.exit(1); });
server.listen(opts.port, opts.host, () => {
  port = server.address().port;
  const base = `http://${opts.host}:${port}`;
  const endpoint = `${base}/xapi/`;
  const fetchUrl = `${base}/fetch/${fetchId}`;
  const params = [
    ['endpoint', endpoint],
    ['fetch', fetchUrl],
    ['actor', JSON.stringify(actor)],
    ['registration', registration],
    ['activityId', opts.activityId],
  ];
  // 8.1: "Each value for the associated names MUST be URL-encoded." encodeURIComponent
  // (spaces as %20, not '+', so both form-style and plain percent-decoders agree).
  const launchUrlQuery = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  info = { endpoint, fetch: fetchUrl, actor, registration, activityId: opts.activityId, launchUrlQuery, sessionId, launchData, port };
  process.stdout.write(JSON.stringify(info) + '\n');
  log(`listening on ${base} (launchMode ${opts.launchMode}, moveOn ${opts.moveOn}` +
    `${opts.mastery !== null ? `, masteryScore ${opts.mastery}` : ''}${opts.lrs ? `, forwarding to ${opts.lrs}` : ', no LRS'})`);
});

const stop = (sig) => { log(`${sig}: stopping`); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 1000).unref(); };
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
