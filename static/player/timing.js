// Keys and play timing: the year control's keys, the presenter's keys (a clicker's too), play at a
// chosen speed with every year kept on its beat, and the travel between a story's steps.
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("timing", ["sync"], (sync) => {
  "use strict";

  const SPEEDS = [1, 2, 5, 10, 20];
  const DEFAULT_SPEED = 2;
  // PageDown and PageUp are also what a presenter's clicker sends; S shows or hides the presenter's notes.
  const PRESENTER_KEYS = { PageDown: "next", n: "next", PageUp: "previous", p: "previous", " ": "play", s: "notes" };
  const CONTROL_KEYS = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 5, PageDown: -5 };
  const TRAVEL_SPEED = 6;  // years a second, between one step of a story and the next
  const SETTLE_MS = 250;  // a held key repeats faster than this; a step that stays put is settled

  // What a key pressed anywhere on the page asks of the presenter: next, previous, play, notes or nothing.
  // Never while typing or on a control, nor with Ctrl, Cmd or Alt (Ctrl+P prints, Ctrl+N opens a window).
  function presenterAction(event) {
    const action = PRESENTER_KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return null;
    if (event.target && ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(event.target.tagName)) return null;
    return action;
  }

  // The year a key on the year control moves to, kept within the years; null for any other key.
  function controlYear(key, year, first, last) {
    let to = null;
    if (key in CONTROL_KEYS) to = year + CONTROL_KEYS[key];
    else if (key === "Home") to = first;
    else if (key === "End") to = last;
    return to === null ? null : Math.min(last, Math.max(first, to));
  }

  // When the year after one drawn at `now` is due. A year drawn half an interval late or more (a stalled
  // frame) still gets its whole interval: the years after it do not crowd in, a frame each, to catch up;
  // the slip shows in the years per second.
  function nextDue(now, due, interval) {
    return (now - due >= interval / 2 ? now : due) + interval;
  }

  // Where a travel from `from` to `target` is after `elapsed` ms: a year at a time, the first at once.
  function travelled(from, target, elapsed) {
    const distance = Math.abs(target - from);
    const gone = Math.min(distance, Math.floor(elapsed * TRAVEL_SPEED / 1000) + 1);
    return { year: from + Math.sign(target - from) * gone, done: gone === distance };
  }

  // Where play starts among the years: after the year shown, or from the first when that is the last.
  function playStart(years, year) {
    const index = years.indexOf(year) + 1;
    return index <= 0 || index >= years.length ? 0 : index;
  }

  // The presenter's keys act on the newest player on the page that asks for them.
  let presenter = null;
  function listenForPresenterKeys(player) {
    presenter = player;
    if (window.__atlasPresenterKeys) return;
    window.__atlasPresenterKeys = true;
    document.addEventListener("keydown", (event) => {
      const action = presenterAction(event);
      if (!action || !presenter.root.isConnected) return;
      event.preventDefault();
      if (action === "notes") document.body.classList.toggle("atlas-notes");
      else if (action === "play") presenter.togglePlay();
      else presenter.stepMoment(action === "next" ? 1 : -1);
    });
  }

  class Timing {
    bindControl() {
      const control = this.control;
      control.addEventListener("keydown", (event) => {
        const year = controlYear(event.key, this.year, this.options.first, this.options.last);
        if (year === null) return;
        event.preventDefault();
        this.changeLocally(year, this.focus);
      });
      control.addEventListener("input", () => this.changeLocally(Number(control.value), this.focus));
    }

    // From the year shown to `target`, a year at a time at TRAVEL_SPEED, ending on the host's view of the
    // target (its tie in focus); a newer target met on the way is travelled to from where the map is.
    travel(target) {
      cancelAnimationFrame(this.travelling);
      const from = this.year;
      if (from === undefined || from === target) {
        this.show(target);
        return;
      }
      const started = performance.now();
      const tick = (now) => {
        const { year, done } = travelled(from, target, now - started);
        if (year !== this.year || done) this.show(year);
        this.travelling = done ? null : requestAnimationFrame(tick);
      };
      this.travelling = requestAnimationFrame(tick);
    }

    togglePlay() {
      if (this.playing) return this.stop(true);
      if (!this.options.frames) {
        this.status.textContent = "loading the years…";
        this.playOnArrival = true;
        return;
      }
      this.play();
    }

    // Before the beat starts: dim the panel and draw the years not yet drawn ahead (once, when play
    // is pressed soon after the page opened), each a frame of its own, so that no year is late.
    play() {
      if (this.preparing) return;
      this.preparing = true;
      if (this.side) this.side.classList.add("atlas-playing");
      const missing = this.undrawnYears();
      if (missing.length) this.status.textContent = "drawing the years…";
      requestAnimationFrame(() => setTimeout(() => {
        for (const year of missing) this.drawAside(year);
        this.status.textContent = "";
        requestAnimationFrame(() => {
          this.preparing = false;
          this.beat();
        });
      }, 0));
    }

    // Each year is due one interval after the one before it (after it was drawn, when that was late);
    // it is drawn at the first animation frame at or after that, and the time it reached the screen (the
    // next frame) is recorded in window.__atlasPlay so the bench can judge lateness by its own rule.
    beat() {
      const o = this.options;
      const years = Object.keys(o.frames).map(Number).sort((a, b) => a - b);
      let index = playStart(years, this.year);
      const speed = Number(this.speed.value);
      const interval = 1000 / speed;
      const record = (window.__atlasPlay = { speed, shown: [], due: [], drawn: [], started: performance.now(),
                                             finished: null });
      if (o.url && !this.gesture) this.gesture = window.location.href;
      this.focus = null;
      this.playing = true;
      this.playButton.textContent = "❚❚ Pause";
      let due = record.started + interval;  // the year shown when play was pressed keeps its beat
      const tick = (now) => {
        if (!this.playing) return;
        if (now >= due) {
          const year = years[index];
          this.show(year);
          record.shown.push(year);
          record.due.push(due);
          requestAnimationFrame((painted) => record.drawn.push(painted));
          index += 1;
          due = nextDue(now, due, interval);
          if (index >= years.length) {  // stopped once the last year is on screen, not before
            this.raf = requestAnimationFrame((painted) => {
              record.finished = painted;
              this.stop(true);
            });
            return;
          }
        }
        this.raf = requestAnimationFrame(tick);
      };
      this.raf = requestAnimationFrame(tick);
    }

    stop(settle) {
      if (!this.playing) return;
      this.playing = false;
      cancelAnimationFrame(this.raf);
      this.playButton.textContent = "▶ Play";
      if (this.side) this.side.classList.remove("atlas-playing");
      this.panelSoon();
      if (settle) this.settleNow();
    }

    stepMoment(direction) {
      if (this.options.onStep) return sync.report(this.options.onStep, "step", direction);
      const years = this.options.moments.map((m) => m.year);
      const next = direction > 0 ? years.find((y) => y > this.year) : years.slice().reverse().find((y) => y < this.year);
      if (next !== undefined) this.changeLocally(next, null);
    }
  }

  return { SPEEDS, DEFAULT_SPEED, SETTLE_MS, presenterAction, controlYear, nextDue, travelled, playStart,
           listenForPresenterKeys, Timing };
});
