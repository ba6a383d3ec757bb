// The view in the browser: the year and focused tie shown, which of the server's news to take
// (sync.js keeps the count that decides), and the URL that follows them (?year=, ?focus=).
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("view", ["sync", "timing"], (sync, timing) => {
  "use strict";

  // `href` showing `year`, and `focus` (or no tie in focus); every other parameter kept.
  function urlFor(href, year, focus) {
    const url = new URL(href);
    url.searchParams.set("year", year);
    if (focus) url.searchParams.set("focus", focus);
    else url.searchParams.delete("focus");
    return url.toString();
  }

  // The view a URL's query names, or null when its year is not one of the years covered.
  function fromUrl(search, first, last) {
    const params = new URLSearchParams(search);
    const year = Number(params.get("year"));
    if (!Number.isInteger(year) || year < first || year > last) return null;
    return { year, focus: params.get("focus") };
  }

  class View {
    // Newer data from the host. A year the host sends is shown only when the host has seen every
    // local change (sync.current): otherwise it is the echo of a step the browser has already moved past.
    update(options) {
      const first = this.year === undefined;
      const current = sync.current(options.ack);
      if (options.panels !== this.options.panels) this.panelKey = null;  // other ties (a new filter): lay out anew
      const otherFrames = Boolean(this.options.frames) && options.frames !== this.options.frames;
      Object.assign(this.options, options);
      const o = this.options;
      if (this.control && first) {
        this.control.min = o.first;
        this.control.max = o.last;
      }
      if (options.view) this.serverView = { year: options.year, focus: options.focus || null, view: options.view };
      if (first || (current && !this.playing)) {
        this.focus = options.focus || null;
        if (!first && o.travel && o.frames && options.year !== undefined) this.travel(options.year);
        else this.show(options.year);
      } else if (options.frames && this.waiting) {
        this.show(this.waiting);
      }
      if (!o.frames && o.onFrames && !this.askedForFrames) {
        this.askedForFrames = true;
        o.onFrames();
      }
      if (otherFrames) this.forgetDrawn(false);
      else if (o.frames) this.drawAhead();
      if (o.frames && this.playOnArrival) {
        this.playOnArrival = false;
        this.status.textContent = "";
        this.play();
      }
    }

    viewOf(year) {
      const server = this.serverView;
      if (server && server.year === year && server.focus === this.focus) return server.view;
      return this.options.frames && this.options.frames[year];
    }

    // Draw a year: map, title, legend, panel, control. Returns false if its layers are not here yet.
    show(year) {
      const view = this.viewOf(year);
      this.year = year;
      this.showControl(year);
      if (!view) {
        this.waiting = year;
        return false;
      }
      this.waiting = null;
      const drawn = view === this.drawnView ? this.drawnKey : JSON.stringify(view);
      if (drawn !== this.drawnKey) this.draw(view);  // a server echo of the year shown redraws nothing
      this.drawnView = view;
      this.drawnKey = drawn;
      // The panel follows once the year rests for a moment: laying out a long panel cost more
      // than drawing the map, so a held key or a drag lays out only the year it rests on. While
      // playing it holds still (dimmed) and catches up when play stops.
      if (!this.playing) this.panelSoon();
      if (this.caption) {
        const moment = this.options.moments.find((m) => m.year === year);
        this.caption.textContent = moment ? `${year} — ${moment.caption}` : "";
      }
      return true;
    }

    // A step, drag, focus pick: draw at once, keep the URL in step while moving, and once it stays put
    // add one history entry and tell the host.
    changeLocally(year, focus) {
      if (this.playing) this.stop(false);
      sync.changed();
      this.focus = this.focusIn(year, focus);
      this.year = year;
      this.showControl(year);
      // The map is drawn in the next animation frame, together with the control: the key or
      // drag event returns at once, and a burst of them draws only the last year.
      if (!this.drawPending) {
        this.drawPending = true;
        requestAnimationFrame(() => {
          this.drawPending = false;
          this.show(this.year);
        });
      }
      if (this.options.url) {
        if (!this.gesture) this.gesture = window.location.href;
        window.history.replaceState(window.history.state, "", urlFor(window.location.href, this.year, this.focus));
      }
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.settle(), timing.SETTLE_MS);
    }

    // The end of play: the year reached is a change of its own, settled at once with no tie in focus.
    settleNow() {
      sync.changed();
      if (this.options.url) window.history.replaceState(window.history.state, "", urlFor(window.location.href, this.year, null));
      this.settle();
    }

    settle() {
      // The year's panel may have come since the change: the focus it reports is one the year has.
      const focus = this.focusIn(this.year, this.focus);
      if (focus !== this.focus) {
        this.focus = focus;
        if (this.options.url) window.history.replaceState(window.history.state, "", urlFor(window.location.href, this.year, focus));
      }
      if (this.options.url && this.gesture) {
        const reached = window.location.href;
        if (reached !== this.gesture) {
          window.history.replaceState(window.history.state, "", this.gesture);
          window.history.pushState({}, "", reached);
        }
      }
      this.gesture = null;
      sync.report(this.options.onSettle, "settled", { year: this.year, focus: this.focus, seq: sync.changes() },
                  { first: this.options.first, last: this.options.last });
    }

    // Back and forward: show the URL's year at once; the host reruns on its own and follows it.
    followUrl() {
      const asked = fromUrl(window.location.search, this.options.first, this.options.last);
      if (!asked) return;
      clearTimeout(this.settleTimer);
      this.gesture = null;
      if (this.playing) this.stop(false);
      this.focus = asked.focus;
      this.show(asked.year);
    }

    showControl(year) {
      if (!this.control) return;
      const projection = this.options.projectionFrom && year >= this.options.projectionFrom;
      if (Number(this.control.value) !== year) this.control.value = year;
      this.control.setAttribute("aria-valuetext", projection ? `${year}, projection` : String(year));
      this.yearLabel.textContent = year;
    }
  }

  return { urlFor, fromUrl, View };
});
