// The dataset, loaded once per process and shared by every API route (each route is its own webpack
// bundle, so the cache lives on globalThis). The website imports its JSON files into memory; here the
// files come from BENCH_DATA_DIR so one build serves every dataset.
//
// A million users as one JSON string would pass V8's maximum string length, so the file is read as a
// Buffer and each top-level array element is cut out and parsed on its own: same objects, same order.
const fs = require('fs');
const path = require('path');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function parseArrayOfObjects(file) {
  const buf = fs.readFileSync(file);
  const records = [];
  let i = buf.indexOf(OPEN_BRACKET);
  if (i < 0) throw new Error(`${file}: no JSON array`);
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (i += 1; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === CLOSE_BRACE) {
      depth--;
      if (depth === 0) records.push(JSON.parse(buf.toString('utf8', start, i + 1)));
    } else if (c === CLOSE_BRACKET && depth === 0) {
      break;
    }
  }
  return records;
}

function load() {
  if (!globalThis.__benchData) {
    const dir = process.env.BENCH_DATA_DIR;
    if (!dir) throw new Error('BENCH_DATA_DIR is not set');
    const started = Date.now();
    const users = parseArrayOfObjects(path.join(dir, 'users.json'));
    const articles = parseArrayOfObjects(path.join(dir, 'articles.json'));
    globalThis.__benchData = { users, articles };
    console.log(`loaded ${users.length} users and ${articles.length} articles in ${Date.now() - started} ms`);
  }
  return globalThis.__benchData;
}

module.exports = { load };
