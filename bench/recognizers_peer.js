#!/usr/bin/env node
// The peer side of bench/extract.sh: runs every English model of Microsoft's
// Recognizers-Text (npm @microsoft/recognizers-text-suite) over a text file, line by line,
// and prints one JSON object with the throughput. Resolve the packages with NODE_PATH
// pointing at the node_modules the bench installed them into; nothing here is vendored.
//
//   NODE_PATH=/tmp/x/node_modules node bench/recognizers_peer.js SAMPLE.txt
//
// The recognizers and their models are built once, before the clock starts: the suite's
// recognizeXxx() helpers rebuild a recognizer on every call, which would measure setup
// rather than recognition and flatter reckon.
'use strict';

const fs = require('fs');

// The suite's components and the recognizer class each exports. The suite itself only
// re-exports per-call helpers (recognizeNumber, ...), so the classes come from these.
const RECOGNIZERS = [
    ['@microsoft/recognizers-text-number', 'NumberRecognizer'],
    ['@microsoft/recognizers-text-number-with-unit', 'NumberWithUnitRecognizer'],
    ['@microsoft/recognizers-text-date-time', 'DateTimeRecognizer'],
    ['@microsoft/recognizers-text-choice', 'ChoiceRecognizer'],
    ['@microsoft/recognizers-text-sequence', 'SequenceRecognizer'],
];
// Relative dates resolve against this, so runs are comparable; reckon's --published plays
// the same role.
const REFERENCE_DATE = new Date(Date.UTC(2025, 6, 14));

function fail(message) {
    process.stderr.write(`recognizers_peer: ${message}\n`);
    process.exit(1);
}

// Every getXxxModel() a recognizer offers (getModel(name) is the generic accessor).
function modelGetters(recognizer) {
    const names = new Set();
    for (let p = Object.getPrototypeOf(recognizer); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const n of Object.getOwnPropertyNames(p)) {
            if (/^get\w+Model$/.test(n) && typeof recognizer[n] === 'function') names.add(n);
        }
    }
    return [...names].sort();
}

function loadModels() {
    const suite = require('@microsoft/recognizers-text-suite');
    const culture = suite.Culture.English;
    const models = [];
    for (const [pkg, cls] of RECOGNIZERS) {
        const Recognizer = require(pkg)[cls];
        if (typeof Recognizer !== 'function') fail(`${pkg} does not export ${cls}`);
        const recognizer = new Recognizer(culture);
        for (const getter of modelGetters(recognizer)) {
            models.push({name: getter.replace(/^get|Model$/g, ''), model: recognizer[getter]()});
        }
    }
    return models;
}

function main() {
    const file = process.argv[2];
    if (!file) fail('usage: recognizers_peer.js FILE');
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        fail(`${file}: ${e.message}`);
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');

    const setupStart = process.hrtime.bigint();
    const models = loadModels();
    // One throwaway call per model, so lazily built regexes are not charged to the first line.
    for (const m of models) m.model.parse('warm up 1', REFERENCE_DATE);
    const setupSeconds = Number(process.hrtime.bigint() - setupStart) / 1e9;

    let results = 0;
    const start = process.hrtime.bigint();
    for (const line of lines) {
        for (const m of models) results += m.model.parse(line, REFERENCE_DATE).length;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const bytes = Buffer.byteLength(text, 'utf8');
    process.stdout.write(JSON.stringify({
        bytes,
        lines: lines.length,
        seconds,
        setup_seconds: setupSeconds,
        mb_per_s: bytes / 1e6 / seconds,
        results,
        models: models.map((m) => m.name),
    }) + '\n');
}

main();
