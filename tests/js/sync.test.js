// The player's side of the view contract (static/player/sync.js), against the contract's one file.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const FILE = path.join(__dirname, "..", "..", "static", "player", "contract.js");
const contract = require(FILE);
const sync = require("../../static/player/sync.js");

const YEARS = { first: 1991, last: 2030 };

// As geo/viewcontract.contract_of reads it: from the line "{" to the line "}".
const TEXT = fs.readFileSync(FILE, "utf8");
const JSON_READ = JSON.parse(TEXT.slice(TEXT.indexOf("\n{\n") + 1, TEXT.lastIndexOf("\n}\n") + 2));

test("the contract the player runs is the JSON the server reads from the same file", () => {
  assert.deepEqual(contract, JSON_READ);
});

test("the fields the player takes and sends are the file's, and no others", () => {
  const fields = Object.keys(JSON_READ.messages.settled.fields);
  assert.deepEqual(Object.keys(sync.read("settled", { year: 2016 }, YEARS)), fields);
  assert.equal(sync.read("settled", { year: 2016, unlisted: 1 }, YEARS), null);
});

const SETTLED = [
  [{ year: 2016, focus: null, seq: 3 }, { year: 2016, focus: null, seq: 3 }],
  [{ year: 2016, focus: "uzb-rus-alliance-2005", seq: 1 }, { year: 2016, focus: "uzb-rus-alliance-2005", seq: 1 }],
  [{ year: 2016 }, { year: 2016, focus: null, seq: 0 }],
  [{ year: 1991, focus: "x".repeat(200), seq: 0 }, { year: 1991, focus: "x".repeat(200), seq: 0 }],
  [{ year: 2016, seq: "3" }, null], [{ year: 2016, seq: -1 }, null], [{ year: 2016, seq: 2 ** 53 }, null],
  ["2016", null], [[2016], null], [2016, null], [null, null], [undefined, null], [{}, null],
  [{ year: true }, null], [{ year: 2016.5 }, null], [{ year: 1e30 }, null], [{ year: 1990 }, null], [{ year: 2031 }, null],
  [{ year: NaN }, null], [{ year: Infinity }, null], [{ year: "2016" }, null], [{ year: { $gt: 0 } }, null],
  [{ year: 2016, focus: 5 }, null], [{ year: 2016, focus: "" }, null], [{ year: 2016, focus: "x".repeat(201) }, null],
  [{ year: 2016, focus: "x".repeat(1e6) }, null], [{ year: 2016, focus: [["deep"]] }, null],
  [{ year: 2016, colour: "red" }, null], [{ year: 2016, __proto__: null, constructor: 1 }, null],
];

for (const [report, expected] of SETTLED) {
  test(`settled ${JSON.stringify(report) === undefined ? String(report) : JSON.stringify(report).slice(0, 60)}`, () => {
    assert.deepEqual(sync.read("settled", report, YEARS), expected);
  });
}

for (const [report, expected] of [[1, 1], [-1, -1], [0, null], [2, null], [true, null], ["1", null], [NaN, null],
                                  [Infinity, null], [null, null], [[1], null], [1.5, null]]) {
  test(`step ${String(report)}`, () => assert.equal(sync.read("step", report), expected));
}

for (const [report, expected] of [["frames-screen-UZB--", "frames-screen-UZB--"], ["", null], ["x".repeat(201), null],
                                  [5, null], [null, null], [{ id: "x" }, null]]) {
  test(`missing ${String(report).slice(0, 30)}`, () => assert.equal(sync.read("missing", report), expected));
}

test("a report is sent only as the contract has it, and never when it does not fit", () => {
  const sent = [];
  assert.deepEqual(sync.report((m) => sent.push(m), "settled", { year: 2005, focus: null, seq: 4 }, YEARS),
                   { year: 2005, focus: null, seq: 4 });
  assert.equal(sync.report((m) => sent.push(m), "settled", { year: 2031, focus: null, seq: 5 }, YEARS), null);
  assert.equal(sync.report((m) => sent.push(m), "step", 2), null);
  sync.report((m) => sent.push(m), "step", -1);
  sync.report(undefined, "step", 1);  // a host that does not listen is not told
  assert.deepEqual(sent, [{ year: 2005, focus: null, seq: 4 }, -1]);
});

test("the server's year is news only once it has seen every change", () => {
  const before = sync.changes();
  assert.equal(sync.current(undefined), true);
  sync.changed();
  sync.changed();
  assert.equal(sync.changes(), before + 2);
  assert.equal(sync.current(before + 1), false);  // the echo of a year already left
  assert.equal(sync.current(before + 2), true);
});

test("a bound is the contract's own or one the player is given", () => {
  assert.equal(sync.fits({ type: "string", maxLength: "id" }, "x".repeat(contract.bounds.id)), true);
  assert.equal(sync.fits({ type: "integer", min: "first", max: "last" }, 1990, { first: 1990, last: 1995 }), true);
});
