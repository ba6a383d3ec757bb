// Keys and play timing (static/player/timing.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const timing = require("../../static/player/timing.js");

const key = (name, extra = {}) => Object.assign({ key: name, target: { tagName: "DIV" } }, extra);

test("the presenter's keys, a clicker's among them", () => {
  for (const [name, action] of [["PageDown", "next"], ["n", "next"], ["N", "next"], ["PageUp", "previous"],
                                ["p", "previous"], [" ", "play"], ["s", "notes"], ["S", "notes"]]) {
    assert.equal(timing.presenterAction(key(name)), action, name);
  }
  for (const name of ["ArrowRight", "x", "Enter", "Home", "Escape"]) assert.equal(timing.presenterAction(key(name)), null);
});

test("the presenter's keys leave typing, controls and the browser's own shortcuts alone", () => {
  for (const tagName of ["INPUT", "SELECT", "TEXTAREA", "BUTTON"]) {
    assert.equal(timing.presenterAction(key("n", { target: { tagName } })), null, tagName);
  }
  for (const held of ["ctrlKey", "metaKey", "altKey"]) assert.equal(timing.presenterAction(key("p", { [held]: true })), null);
});

test("the year control's keys step, jump and stay within the years", () => {
  const cases = [["ArrowRight", 2005, 2006], ["ArrowUp", 2005, 2006], ["ArrowLeft", 2005, 2004], ["ArrowDown", 2005, 2004],
                 ["PageUp", 2005, 2010], ["PageDown", 2005, 2000], ["Home", 2005, 1991], ["End", 2005, 2030],
                 ["ArrowRight", 2030, 2030], ["ArrowLeft", 1991, 1991], ["PageUp", 2028, 2030], ["PageDown", 1993, 1991],
                 ["a", 2005, null], ["Enter", 2005, null]];
  for (const [name, from, to] of cases) assert.equal(timing.controlYear(name, from, 1991, 2030), to, `${name} from ${from}`);
});

test("a year on time keeps the beat; one late by half an interval or more gets a whole interval", () => {
  assert.equal(timing.nextDue(1000, 1000, 100), 1100);
  assert.equal(timing.nextDue(1049, 1000, 100), 1100);  // a little late: the next keeps the beat
  assert.equal(timing.nextDue(1050, 1000, 100), 1150);  // half late: no crowding in to catch up
  assert.equal(timing.nextDue(1400, 1000, 50), 1450);
});

test("play starts after the year shown, and from the first when that is the last or not a year of the frames", () => {
  const years = [1991, 1992, 1993];
  assert.equal(timing.playStart(years, 1991), 1);
  assert.equal(timing.playStart(years, 1992), 2);
  assert.equal(timing.playStart(years, 1993), 0);
  assert.equal(timing.playStart(years, 1980), 0);
});

test("travel between a story's steps goes a year at a time, the first at once, both ways", () => {
  assert.deepEqual(timing.travelled(2000, 2005, 0), { year: 2001, done: false });
  assert.deepEqual(timing.travelled(2000, 2005, 1000 / 6), { year: 2002, done: false });
  assert.deepEqual(timing.travelled(2000, 2005, 10_000), { year: 2005, done: true });
  assert.deepEqual(timing.travelled(2005, 2003, 0), { year: 2004, done: false });
  assert.deepEqual(timing.travelled(2005, 2004, 0), { year: 2004, done: true });
});

test("the speeds offered include the default", () => {
  assert.ok(timing.SPEEDS.includes(timing.DEFAULT_SPEED));
  assert.ok(timing.SPEEDS.includes(10) && timing.SPEEDS.includes(20));  // what play is held to
});
