// Reads [[message, value], ...] as JSON on stdin and writes what the player's side of the contract makes of
// each (null: dropped), for tests/test_viewcontract.py to hold against the server's side.
const sync = require("../../static/player/sync.js");

const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([name, value]) => sync.read(name, value, { first: 1991, last: 2030 }))));
