// Generates the customer portraits in assets/portraits/ from DiceBear's "Open Peeps" style
// (art by Pablo Stanley, CC0 1.0; library MIT). One persona per scenario, six expressions
// each, from the mood floor up. Everything is fixed (seeds and single-valued options), so a
// run always writes the same files. See README.md beside this file.
//
//   cd scripts/portraits && npm install --no-package-lock && node generate.mjs
//
// Writes assets/portraits/<persona>/<expression>.svg and .png (256×256, transparent outside
// a soft background circle) and assets/portraits/manifest.ron.

import { createAvatar } from '@dicebear/core';
import * as openPeeps from '@dicebear/open-peeps';
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = join(root, 'assets', 'portraits');
const SIZE = 256;

// Expressions from the mood floor up, each mapped to one Open Peeps `face` variant.
export const EXPRESSIONS = [
  ['furious', 'rage'], // brows slammed down, mouth open shouting
  ['angry', 'veryAngry'], // brows down, mouth turned down, no longer shouting
  ['uneasy', 'concerned'], // raised, worried brows, tense grimace
  ['neutral', 'serious'], // level brows, flat mouth
  ['calm', 'smile'], // open eyes, small easy smile
  ['pleased', 'smileBig'], // eyes creased, broad grin
];

// Shared by every persona: only what is listed here or in the persona may be drawn.
const BASE = {
  radius: 50, // the square background becomes a circle; outside it stays transparent
  // A little closer than the default bust and nudged left and down: the Open Peeps head sits
  // right of centre, and this keeps tall hair (pomp, bun2) and the far eye inside the circle.
  scale: 104,
  translateX: -5,
  translateY: 3,
  accessoriesProbability: 0,
  facialHairProbability: 0,
  maskProbability: 0,
  headContrastColor: ['2c1b18'],
};

// One entry per scenario id, named after the scenario's persona (see the README for why).
// `background` is the soft circle: light pastels that stay visible on a white UI and still
// frame the black line art on a dark one.
export const PERSONAS = {
  'angry-customer': {
    // Mr Lin: owner of a packaging works, middle-aged, business-like.
    head: ['short2'],
    skinColor: ['edb98a'],
    clothingColor: ['8fa7df'],
    backgroundColor: ['f6c9b8'],
  },
  'billing-dispute': {
    // Mr Zhao: travelling businessman, styled hair, hot from the street.
    head: ['pomp'],
    skinColor: ['ffdbb4'],
    clothingColor: ['ffcf77'],
    backgroundColor: ['b9dcf2'],
  },
  'compensation-demand': {
    // Mr Gao: runs an online shop from home; casual, beanie and a short beard.
    head: ['hatBeanie'],
    facialHair: ['chin'],
    facialHairProbability: 100,
    skinColor: ['d08b5b'],
    clothingColor: ['9ddadb'], // the beanie takes the clothing colour too
    backgroundColor: ['d7cdf0'],
  },
  'hotline-enquiry': {
    // Ms Liu: runs a print-and-copy shop; hair up for work, reading glasses.
    head: ['bun2'],
    accessories: ['glasses2'],
    accessoriesProbability: 100,
    skinColor: ['ffdbb4'],
    clothingColor: ['e279c7'],
    backgroundColor: ['c6ead3'],
  },
  'long-wait': {
    // Mr Sun: retired man from the estate; grey short hair, wire glasses.
    head: ['grayShort'],
    headContrastColor: ['e8e1e1'],
    accessories: ['glasses'],
    accessoriesProbability: 100,
    skinColor: ['edb98a'],
    clothingColor: ['9ddadb'],
    backgroundColor: ['fbe3a6'],
  },
  'missing-pin': {
    // Mr Zhang: a man in his fifties, thinning hair, sun-browned on a hot day. (No
    // moustache: every Open Peeps moustache covers the mouth and hides the expression.)
    head: ['noHair2'],
    skinColor: ['d08b5b'],
    clothingColor: ['e78276'],
    backgroundColor: ['c9e4f0'],
  },
  'service-hall': {
    // Mrs Chen: an older lady on her first visit; grey hair in a bun.
    head: ['grayBun'],
    headContrastColor: ['e8e1e1'],
    skinColor: ['ffdbb4'],
    clothingColor: ['8fa7df'],
    backgroundColor: ['f7cfe0'],
  },
  'billing-dispute-lin': {
    // Ms Lin (billing-dispute's other customer): a saleswoman always on the road; long hair.
    head: ['long'],
    skinColor: ['ffdbb4'],
    clothingColor: ['e78276'],
    backgroundColor: ['b9dcf2'],
  },
  'long-wait-zhou': {
    // Mr Zhou (long-wait's other customer): a night-shift worker on his way home; younger,
    // short hair.
    head: ['short4'],
    skinColor: ['d08b5b'],
    clothingColor: ['8fa7df'],
    backgroundColor: ['fbe3a6'],
  },
  'missing-pin-wang': {
    // Mr Wang (missing-pin's other customer): also in his fifties; short greying hair.
    head: ['short3'],
    headContrastColor: ['b7b0b0'],
    skinColor: ['edb98a'],
    clothingColor: ['9ddadb'],
    backgroundColor: ['c9e4f0'],
  },
  'service-hall-liu': {
    // Mrs Liu (service-hall's other customer): a grey-haired lady on her own; a grey bob.
    head: ['grayMedium'],
    headContrastColor: ['e8e1e1'],
    skinColor: ['edb98a'],
    clothingColor: ['e279c7'],
    backgroundColor: ['f7cfe0'],
  },
  'warm-handover': {
    // Mr Liang: runs a hardware shop across the road; a practical flat-top.
    head: ['flatTop'],
    skinColor: ['edb98a'],
    clothingColor: ['fdea6b'],
    backgroundColor: ['cfe3c0'],
  },
};

function svgFor(persona, face) {
  const opts = { ...BASE, ...PERSONAS[persona], seed: `frontline-${persona}`, face: [face], size: SIZE };
  return createAvatar(openPeeps, opts).toString();
}

function pngFor(svg) {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: SIZE },
    font: { loadSystemFonts: false }, // the art has no text
    shapeRendering: 2, // geometricPrecision: anti-aliased edges
  });
  return resvg.render().asPng();
}

const manifest = [];
const sizes = [];
for (const persona of Object.keys(PERSONAS)) {
  const dir = join(outDir, persona);
  mkdirSync(dir, { recursive: true });
  for (const [expression, face] of EXPRESSIONS) {
    const svg = svgFor(persona, face);
    writeFileSync(join(dir, `${expression}.svg`), svg + '\n');
    const png = pngFor(svg);
    const file = join(dir, `${expression}.png`);
    writeFileSync(file, png);
    sizes.push([relative(root, file), png.length]);
  }
  manifest.push(`    "${persona}": [${EXPRESSIONS.map(([e]) => `"${e}"`).join(', ')}],`);
}

writeFileSync(
  join(outDir, 'manifest.ron'),
  [
    '// The customer portraits: for each persona (named by its scenario id), the expressions',
    '// drawn, from the mood floor up. Each is <persona>/<expression>.png (256×256) with the',
    '// .svg it was made from. Generated by scripts/portraits/generate.mjs; do not edit by hand.',
    '{',
    ...manifest,
    '}',
    '',
  ].join('\n'),
);

let total = 0;
for (const [f, n] of sizes) {
  total += n;
  console.log(`${(n / 1024).toFixed(1).padStart(6)} KB  ${f}`);
}
console.log(`${sizes.length} PNGs, ${(total / 1024).toFixed(1)} KB in all, largest ${(Math.max(...sizes.map(([, n]) => n)) / 1024).toFixed(1)} KB`);
