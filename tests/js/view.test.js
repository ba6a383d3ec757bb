// The view and its URL (static/player/view.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const { urlFor, fromUrl } = require("../../static/player/view.js");

test("the URL follows the year and the tie in focus, keeping every other parameter", () => {
  const page = "http://127.0.0.1:8501/?state=KGZ&year=2003&focus=old-tie&kinds=alliance";
  assert.equal(urlFor(page, 2016, "a-tie"), "http://127.0.0.1:8501/?state=KGZ&year=2016&focus=a-tie&kinds=alliance");
  assert.equal(urlFor(page, 2016, null), "http://127.0.0.1:8501/?state=KGZ&year=2016&kinds=alliance");
  assert.equal(urlFor("http://127.0.0.1:8501/timeline", 1991, null), "http://127.0.0.1:8501/timeline?year=1991");
  assert.equal(urlFor("http://h/?x=1#step=2", 2005, "a b&c"), "http://h/?x=1&year=2005&focus=a+b%26c#step=2");
});

const ASKED = [
  ["?year=2016&focus=a-tie", { year: 2016, focus: "a-tie" }],
  ["?year=1991", { year: 1991, focus: null }],
  ["?year=2030&state=TJK", { year: 2030, focus: null }],
  ["?year=1990", null], ["?year=2031", null], ["?year=2016.5", null], ["?year=abc", null], ["?year=", null],
  ["", null], ["?focus=a-tie", null], ["?year=1e3", null], ["?year=" + "9".repeat(5000), null],
];

for (const [search, view] of ASKED) {
  test(`the view a URL names: ${search.slice(0, 30) || "(none)"}`, () => assert.deepEqual(fromUrl(search, 1991, 2030), view));
}

test("the player's settled report is the contract's, with its count of changes", () => {
  const sync = require("../../static/player/sync.js");
  const { View } = require("../../static/player/view.js");
  const contract = require("../../static/player/contract.js");
  const sent = [];
  const { Panel } = require("../../static/player/panel.js");
  const player = { options: { first: 1991, last: 2030, onSettle: (report) => sent.push(report) }, year: 2016, focus: "a-tie",
                   focusIn: Panel.prototype.focusIn };
  sync.changed();
  View.prototype.settle.call(player);
  player.year = 2031;  // off the contract: a fault of the player's, never sent
  View.prototype.settle.call(player);
  assert.deepEqual(sent, [{ year: 2016, focus: "a-tie", seq: sync.changes() }]);
  assert.deepEqual(Object.keys(sent[0]), Object.keys(contract.messages.settled.fields));
});

test("a settled year reports, and the URL keeps, only a tie in focus that the year still has", () => {
  const { View } = require("../../static/player/view.js");
  const { Panel } = require("../../static/player/panel.js");
  const years = { 2005: { ties: [["basing", "US troops", "card"]] }, 2006: { ties: [["treaty", "Treaty", "card"]] } };
  const sent = [];
  const written = [];
  global.window = { location: { href: "http://h/?year=2006&focus=basing" },
                    history: { state: null, replaceState: (_s, _t, url) => written.push(url) } };
  try {
    const player = { options: { first: 1991, last: 2030, url: true, panels: { years }, onSettle: (r) => sent.push(r) },
                     year: 2006, focus: "basing", focusIn: Panel.prototype.focusIn };
    View.prototype.settle.call(player);  // the year's panel not yet laid out: the focus is dropped here
    assert.equal(sent.at(-1).focus, null);
    assert.deepEqual(written, ["http://h/?year=2006"]);
    player.year = 2005;
    player.focus = "basing";
    View.prototype.settle.call(player);
    assert.equal(sent.at(-1).focus, "basing");
    assert.equal(Panel.prototype.focusIn.call({ options: {} }, 2006, "basing"), "basing");  // no panels yet: kept
  } finally {
    delete global.window;
  }
});
