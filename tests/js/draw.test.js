// Drawing ahead and the panel (static/player/draw.js, panel.js, layout.js): their pure parts.
const test = require("node:test");
const assert = require("node:assert/strict");
const { undrawn } = require("../../static/player/draw.js");
const { panelCards, tableHtml } = require("../../static/player/panel.js");
const { esc } = require("../../static/player/layout.js");

test("the years not yet drawn are drawn nearest to the year shown first", () => {
  const frames = { 1991: "a", 1992: "b", 1993: "c", 1994: "d", 1995: "e" };
  assert.deepEqual(undrawn(frames, new Map(), 1993), [1993, 1992, 1994, 1991, 1995]);
  assert.deepEqual(undrawn(frames, new Map([["c", {}], ["b", {}]]), 1993), [1994, 1991, 1995]);
  assert.deepEqual(undrawn(frames, new Map(Object.values(frames).map((view) => [view, {}])), 1993), []);
});

const ENTRY = {
  heading: "2005 <b>",
  ties: [["tie-a", "A & B", "card-a", "Russia", "alliance", "in force", "2005–"],
         ["tie-b", "C", "card-b", "China", "exercise", "ended", "2005"]],
  events: ["card-e"],
  lead: ["card-l"],
};

test("the panel shows every card, or the tie in focus alone while the year has it", () => {
  assert.deepEqual(panelCards(ENTRY, null), { focus: null, cards: ["card-l", "card-a", "card-b", "card-e"] });
  assert.deepEqual(panelCards(ENTRY, "tie-b"), { focus: "tie-b", cards: ["card-b"] });
  assert.deepEqual(panelCards(ENTRY, "gone-tie"), { focus: null, cards: ["card-l", "card-a", "card-b", "card-e"] });
  assert.deepEqual(panelCards({ heading: "", ties: [], events: [] }, null), { focus: null, cards: [] });
});

test("the map as a table escapes every cell", () => {
  const html = tableHtml(ENTRY);
  assert.match(html, /<caption class="atlas-sr">2005 &lt;b&gt;<\/caption>/);
  assert.match(html, /<th scope="row">A &amp; B<\/th><td>Russia<\/td><td>alliance<\/td><td>in force<\/td><td>2005–<\/td>/);
  assert.equal((html.match(/<tr>/g) || []).length, 3);  // the head and a row a tie
  assert.equal(esc('<a href="x">&'), "&lt;a href=&quot;x&quot;&gt;&amp;");
});
