#!/usr/bin/env node
'use strict';
// Reference cmi5 Assignable Unit built on the independent npm package @xapi/cmi5
// (pinned in scripts/xapi-tools.sh, installed in target/xapi-tools/node). It runs
// that library's launch flow against an LMS (e.g. scripts/cmi5/lms-standin.js) and
// sends the cmi5 defined statements the way the library builds them, so the
// stand-in's /__statements holds a reference session for
//   node check-statements.js OURS.json LAUNCHDATA.json --reference REF.json
//
// Usage: node reference-au.js 'LAUNCH_QUERY' [--score 0.9] [--fail] [--no-complete]
//                             [--progress N] [--delay-ms 1200]
//   LAUNCH_QUERY  the launch URL, or only its query string (with or without '?'):
//                 endpoint=...&fetch=...&actor=...&registration=...&activityId=...
//   --score S     scaled score for passed/failed (default 0.9)
//   --fail        send failed instead of passed
//   --no-complete skip completed
//   --progress N  also send the library's "progressed" (a cmi5 allowed statement) with N%
//   --delay-ms D  wait D ms between statements so durations are not PT0S (default 1200)
// In Browse/Review launchMode only initialized and terminated are sent (10.2.2).
// Stdout: one JSON line {"launchData":..., "learnerPreferences":..., "sent":[{verb,id}]}.
// Exit 0 on success, 1 on any failure (the HTTP status/body is printed to stderr).
// Env: XAPI_TOOLS_NODE=<npm prefix holding node_modules/@xapi/cmi5> (default
//      <repo>/target/xapi-tools/node).
//
// How the browser-only library runs in node: @xapi/cmi5 1.4.0 has no "main"
// field (only "module" and "browser"), so it is loaded from its UMD build by path.
// Its `new Cmi5()` reads window.location.search (getLaunchParametersFromLMS), so
// globalThis.window = {location:{search}} is set for the constructor only and
// removed right after. The bundle holds two axios copies built for browsers:
// axios 1.7.4 (used for the fetch URL POST) falls back to its fetch adapter
// (node >= 18), but axios 1.6.3 inside the bundled @xapi/xapi (State, Agent
// Profile and Statement requests) only has the xhr adapter ("adapter http is not
// available in the build"), so globalThis.XMLHttpRequest is set from the npm
// package xhr2 (pure-JS XMLHttpRequest on node's http module, also pinned in
// scripts/xapi-tools.sh). Only the transport is shimmed; the library code runs as is.

const path = require('path');
const fs = require('fs');

const args = process.argv.slice(2);
function usage(msg) {
  if (msg) process.stderr.write(`reference-au: ${msg}\n`);
  process.stderr.write("usage: node reference-au.js 'LAUNCH_QUERY' [--score 0.9] [--fail] [--no-complete] [--progress N] [--delay-ms 1200]\n");
  process.exit(2);
}
let launch = null;
let score = 0.9;
let fail = false;
let complete = true;
let progress = null;
let delayMs = 1200;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--score') { score = Number(args[++i]); if (!(score >= 0 && score <= 1)) usage('--score needs 0..1'); }
  else if (a === '--fail') fail = true;
  else if (a === '--no-complete') complete = false;
  else if (a === '--progress') { progress = Number(args[++i]); if (!Number.isInteger(progress)) usage('--progress needs an integer'); }
  else if (a === '--delay-ms') { delayMs = Number(args[++i]); if (!(delayMs >= 0)) usage('--delay-ms needs a number'); }
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (launch === null) launch = a;
  else usage(`unexpected argument ${a}`);
}
if (launch === null) usage('LAUNCH_QUERY is required');

const prefix = process.env.XAPI_TOOLS_NODE || path.resolve(__dirname, '../../target/xapi-tools/node');
const umd = path.join(prefix, 'node_modules/@xapi/cmi5/dist/Cmi5.umd.js');
if (!fs.existsSync(umd)) {
  process.stderr.write(`reference-au: ${umd} not found; run scripts/xapi-tools.sh first\n`);
  process.exit(1);
}
const libVersion = JSON.parse(fs.readFileSync(path.join(prefix, 'node_modules/@xapi/cmi5/package.json'), 'utf8')).version;
if (typeof globalThis.XMLHttpRequest === 'undefined') {
  try { globalThis.XMLHttpRequest = require(path.join(prefix, 'node_modules/xhr2')); } catch (e) {
    process.stderr.write(`reference-au: npm package xhr2 missing under ${prefix} (run scripts/xapi-tools.sh): ${e.message}\n`);
    process.exit(1);
  }
}
const Cmi5 = require(umd);

// A full URL, '?query' or bare query -> '?query' as window.location.search would be.
let search;
if (/^[a-z][a-z0-9+.-]*:\/\//i.test(launch)) search = new URL(launch).search;
else search = launch.startsWith('?') ? launch : `?${launch}`;

const log = (m) => process.stderr.write(`reference-au: ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function describe(e) {
  if (e && e.response) {
    const d = e.response.data;
    return `HTTP ${e.response.status} from ${e.config && e.config.method ? e.config.method.toUpperCase() : ''} ${e.config ? e.config.url : ''}: ${typeof d === 'string' ? d : JSON.stringify(d)}`;
  }
  return e && e.stack ? e.stack : String(e);
}

(async () => {
  const hadWindow = Object.prototype.hasOwnProperty.call(globalThis, 'window');
  let cmi5;
  globalThis.window = { location: { search } };
  try {
    if (!Cmi5.isCmiAvailable) throw new Error('the launch query lacks one of fetch, endpoint, actor, registration, activityId');
    cmi5 = new Cmi5(); // parses window.location.search like in a browser
  } finally {
    if (!hadWindow) delete globalThis.window;
  }
  log(`@xapi/cmi5 ${libVersion}; activityId ${cmi5.launchParameters.activityId}, registration ${cmi5.launchParameters.registration}`);

  const sent = [];
  const record = (verb, resp) => {
    const id = Array.isArray(resp && resp.data) ? resp.data[0] : null;
    sent.push({ verb, id });
    log(`sent ${verb}${id ? ` (${id})` : ''}`);
  };

  // fetch -> auth-token, GET LMS.LaunchData, GET cmi5LearnerPreferences, POST initialized
  record('initialized', await cmi5.initialize());
  const ld = cmi5.getLaunchData();
  log(`launchMode ${ld.launchMode}, moveOn ${ld.moveOn}, masteryScore ${ld.masteryScore === undefined ? '(none)' : ld.masteryScore}`);

  if (progress !== null) { await sleep(delayMs); record('progressed', await cmi5.progress(progress)); }
  if (ld.launchMode === 'Normal') {
    if (complete) { await sleep(delayMs); record('completed', await cmi5.complete()); }
    await sleep(delayMs);
    if (fail) record('failed', await cmi5.fail(score));
    else record('passed', await cmi5.pass(score));
  } else {
    log(`launchMode ${ld.launchMode}: only initialized and terminated (cmi5 10.2.2)`);
  }
  await sleep(delayMs);
  record('terminated', await cmi5.terminate());

  process.stdout.write(JSON.stringify({ library: `@xapi/cmi5@${libVersion}`, launchData: ld, learnerPreferences: cmi5.getLearnerPreferences(), sent }) + '\n');
})().catch((e) => {
  log(`FAILED: ${describe(e)}`);
  process.exit(1);
});
