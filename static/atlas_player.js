// Alliance Atlas player: draws a year's map with plotly-basic, steps and plays through the years,
// swaps the quoted side panel, and runs the presenter's keys. One file for both the app (served
// from static/ and run by the map component, pages/atlas_map.js) and the offline HTML briefing
// (inlined byte for byte by geo/handouts.py). A plain script: it defines window.AtlasPlayer.
//
// AtlasPlayer.mount(root, Plotly, options) -> player; player.update(options) takes newer data.
// options (every field optional but base and year):
//   definition  geo.styles.definition(): land fill, legend dash patterns
//   base        country traces, each country tagged with its code in `meta` (sent once)
//   frames      {year: view} of every year; view = {styles, data, legend, layout} (geo.figures.map_view)
//   view        the shown year's view as the server drew it (with a focused tie emphasised)
//   panels      {cards: {key: html}, years: {year: {heading, ties: [[id, title, card, partners, kind, status,
//               dates]], events: [card], lead: [card] (optional: cards shown before the ties, such as the
//               region's bloc table)}}, empty: html, slot}; `slot` in a card is replaced by the year shown
//   year, first, last, focus
//   control     draw the year control (a range input, id atlas-year); url: keep ?year= and ?focus= in the URL
//   moments     [{year, caption}]: the presenter's keys step through them
//   travel      a new year from the host is reached by travelling through the years between (a story's
//               steps); otherwise it is shown at once
//   onSettle(year, focus, seq)  the year or focus changed and stayed put; seq counts the changes
//   onStep(direction)           presenter keys, when the host steps the moments itself
//   onFrames()                  frames are wanted (the first year is drawn; the rest can follow)
(function () {
  "use strict";

  const SPEEDS = [1, 2, 5, 10, 20];
  const DEFAULT_SPEED = 2;
  // PageDown and PageUp are also what a presenter's clicker sends; S shows or hides the presenter's notes.
  const PRESENTER_KEYS = { PageDown: "next", n: "next", PageUp: "previous", p: "previous", " ": "play", s: "notes" };
  const CONTROL_KEYS = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 5, PageDown: -5 };
  const TRAVEL_SPEED = 6;  // years a second, between one step of a story and the next
  const SETTLE_MS = 250;  // a held key repeats faster than this; a step that stays put is settled
  const PANEL_MS = 90;    // the panel waits this long for the year to rest
  // The map is as tall as the server drew it, or less where the window is lower, so that the map and
  // its legend are on screen together (a projector at 1280x720); never less than MIN_MAP_HEIGHT.
  const MIN_MAP_HEIGHT = 420;
  const LEGEND_GAP = 12;
  const STYLE = `
.atlas-bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:0 0 .3rem;font-size:1rem}
.atlas-bar button,.atlas-bar select{font-size:1rem;padding:.25rem .8rem;border:1px solid #767676;border-radius:4px;
  background:#fff;color:#1a1a1a;cursor:pointer}
.atlas-year{display:flex;align-items:center;gap:.6rem;flex:1 1 22rem}
.atlas-year input{flex:1;accent-color:#0b5cad;height:1.6rem}
.atlas-year output{font-weight:700;font-size:1.25rem;width:3.4rem;height:1.6rem;contain:strict}
.atlas-player :focus-visible{outline:3px solid #e0b000;outline-offset:2px}
.atlas-body{display:grid;grid-template-columns:minmax(0,2.1fr) minmax(0,1fr);gap:1.2rem;align-items:start}
.atlas-body.atlas-no-side{grid-template-columns:minmax(0,1fr)}
.atlas-map{position:relative;width:100%;contain:layout paint}
.atlas-map>div{position:absolute;inset:0;will-change:transform}
.atlas-countries{pointer-events:none}
.atlas-legend{display:flex;flex-wrap:wrap;gap:.3rem 1.4rem;margin:.2rem 0 0 .4rem;color:#1a1a1a}
.atlas-legend-item{display:inline-flex;align-items:center;gap:.4rem;white-space:nowrap}
.atlas-side.atlas-playing .atlas-panel{opacity:.5}
.atlas-side h3{margin:0 0 .4rem;font-size:1.4rem}
.atlas-side label{display:block;margin:.2rem 0 .6rem}
.atlas-side select{max-width:100%;font-size:.95rem;margin-top:.2rem}
.atlas-caption{font-size:1.3rem;margin:.4rem 0;min-height:1.6rem}
.atlas-table{margin:.6rem 0 0 .4rem}
.atlas-table summary{cursor:pointer;font-weight:600}
.atlas-table table{border-collapse:collapse;margin-top:.4rem;font-size:.95rem}
.atlas-table th,.atlas-table td{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
.atlas-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

  // The browser's next idle moment (a moment later where it cannot say).
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 1));

  function esc(text) {
    return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  function element(tag, className, html) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (html) node.innerHTML = html;
    return node;
  }

  function addStyle() {
    if (document.getElementById("atlas-player-style")) return;
    const style = element("style");
    style.id = "atlas-player-style";
    style.textContent = STYLE;
    document.head.appendChild(style);
  }

  // Local changes of the year or focus so far, counted across remounts of the map in one page: the
  // host echoes the count it has applied (`ack`), so a player never mistakes an echo for news.
  let changes = 0;
  let outlined = 0;  // players that have drawn countries: each clips them with an id of its own

  // The presenter's keys act on the newest player on the page; never while typing or on a control.
  let presenter = null;
  function listenForPresenterKeys() {
    if (window.__atlasPresenterKeys) return;
    window.__atlasPresenterKeys = true;
    document.addEventListener("keydown", (event) => {
      const action = PRESENTER_KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
      if (!action || !presenter || !presenter.root.isConnected) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;  // Ctrl+P prints, Ctrl+N opens a window
      if (event.target && ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(event.target.tagName)) return;
      event.preventDefault();
      if (action === "notes") document.body.classList.toggle("atlas-notes");
      else if (action === "play") presenter.togglePlay();
      else presenter.stepMoment(action === "next" ? 1 : -1);
    });
  }

  class Player {
    constructor(root, Plotly, options) {
      addStyle();
      this.root = root;
      this.Plotly = Plotly;
      this.options = {};
      this.gesture = null;   // the URL before the current run of local changes
      this.playing = false;
      this.rendered = new Map();  // frame view -> its plot, drawn once
      this.build(options);
      this.update(options);
    }

    build(options) {
      const root = element("div", "atlas-player");
      const bar = element("div", "atlas-bar");
      if (options.control) {
        const label = element("label", "atlas-year");
        label.innerHTML = `<span>Year</span><input type="range" id="atlas-year" step="1"
          aria-describedby="atlas-year-help"><output aria-hidden="true"></output>
          <span class="atlas-sr" id="atlas-year-help">Arrow keys step a year, Page Up and Page Down five,
          Home and End jump to the first and last year.</span>`;
        this.control = label.querySelector("input");
        this.yearLabel = label.querySelector("output");
        bar.appendChild(label);
      }
      this.playButton = element("button", "atlas-play-button", "▶ Play");
      this.playButton.type = "button";
      this.playButton.setAttribute("aria-label", "Play through the years");
      const speedLabel = element("label", "", "Speed ");
      this.speed = element("select", "atlas-speed", SPEEDS.map((s) =>
        `<option value="${s}"${s === DEFAULT_SPEED ? " selected" : ""}>${s} year${s > 1 ? "s" : ""}/s</option>`).join(""));
      this.speed.setAttribute("aria-label", "Years per second");
      speedLabel.appendChild(this.speed);
      bar.append(this.playButton, speedLabel);
      if (options.moments) {
        this.previousButton = element("button", "atlas-previous", "◀ Previous moment");
        this.nextButton = element("button", "atlas-next", "Next moment ▶");
        for (const button of [this.previousButton, this.nextButton]) button.type = "button";
        bar.append(this.previousButton, this.nextButton);
        this.previousButton.onclick = () => this.stepMoment(-1);
        this.nextButton.onclick = () => this.stepMoment(1);
      }
      this.status = element("span", "atlas-play-status");
      this.status.setAttribute("aria-live", "polite");
      bar.appendChild(this.status);
      root.appendChild(bar);
      if (options.moments) {
        this.caption = element("div", "atlas-caption");
        this.caption.setAttribute("aria-live", "polite");
        root.appendChild(this.caption);
      }
      const body = element("div", "atlas-body" + (options.panels === undefined ? " atlas-no-side" : ""));
      const mapBox = element("div", "atlas-mapbox");
      this.frame = element("div", "atlas-map");
      this.countries = element("div", "atlas-countries");
      this.overlay = element("div", "atlas-overlay");
      this.frame.append(this.countries, this.overlay);
      this.legend = element("div", "atlas-legend");
      mapBox.append(this.frame, this.legend);
      if (options.panels !== undefined) {
        // The map as a table, for a screen reader or anyone who would rather read than look.
        const details = element("details", "atlas-table", "<summary>The map as a table</summary>");
        this.table = element("table");
        details.appendChild(this.table);
        mapBox.appendChild(details);
      }
      body.appendChild(mapBox);
      if (options.panels !== undefined) {
        const side = this.side = element("div", "atlas-side");
        this.heading = element("h3", "atlas-heading");
        this.heading.setAttribute("aria-live", "polite");
        side.appendChild(this.heading);
        if (options.onSettle) {
          const focusLabel = element("label", "", "Focus on a tie<br>");
          this.focusSelect = element("select", "atlas-focus");
          focusLabel.appendChild(this.focusSelect);
          side.appendChild(focusLabel);
          this.focusSelect.onchange = () => this.changeLocally(this.year, this.focusSelect.value || null);
        }
        this.panel = element("div", "atlas-html atlas-panel");
        side.appendChild(this.panel);
        body.appendChild(side);
      }
      root.appendChild(body);
      this.root.appendChild(root);
      this.playButton.onclick = () => this.togglePlay();
      if (this.control) this.bindControl();
      if (options.moments || options.onStep) {
        presenter = this;
        listenForPresenterKeys();
      }
      if (options.url) window.addEventListener("popstate", () => this.followUrl());
      let resizing = null;
      window.addEventListener("resize", () => {
        clearTimeout(resizing);
        resizing = setTimeout(() => this.forgetDrawn(true), 200);
      });
    }

    bindControl() {
      const control = this.control;
      control.addEventListener("keydown", (event) => {
        let year = null;
        if (event.key in CONTROL_KEYS) year = this.year + CONTROL_KEYS[event.key];
        else if (event.key === "Home") year = this.options.first;
        else if (event.key === "End") year = this.options.last;
        if (year === null) return;
        event.preventDefault();
        this.changeLocally(Math.min(this.options.last, Math.max(this.options.first, year)), this.focus);
      });
      control.addEventListener("input", () => this.changeLocally(Number(control.value), this.focus));
    }

    // Newer data from the host. A year the host sends is shown only when the host has seen every
    // local change (its `ack` is the count of changes): otherwise it is the echo of a step the browser has
    // already moved past.
    update(options) {
      const first = this.year === undefined;
      const current = options.ack === undefined || options.ack >= changes;
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

    // From the year shown to `target`, a year at a time at TRAVEL_SPEED, ending on the host's view of the
    // target (its tie in focus); a newer target met on the way is travelled to from where the map is.
    travel(target) {
      cancelAnimationFrame(this.travelling);
      const from = this.year;
      if (from === undefined || from === target) {
        this.show(target);
        return;
      }
      const direction = Math.sign(target - from), distance = Math.abs(target - from);
      const started = performance.now();
      const tick = (now) => {
        const gone = Math.min(distance, Math.floor((now - started) * TRAVEL_SPEED / 1000) + 1);
        const year = from + direction * gone;
        if (year !== this.year || gone === distance) this.show(year);
        this.travelling = gone === distance ? null : requestAnimationFrame(tick);
      };
      this.travelling = requestAnimationFrame(tick);
    }

    showControl(year) {
      if (!this.control) return;
      const projection = this.options.projectionFrom && year >= this.options.projectionFrom;
      if (Number(this.control.value) !== year) this.control.value = year;
      this.control.setAttribute("aria-valuetext", projection ? `${year}, projection` : String(year));
      this.yearLabel.textContent = year;
    }

    panelSoon() {
      clearTimeout(this.panelTimer);
      this.panelTimer = setTimeout(() => {
        if (!this.playing) this.showPanel(this.year);
      }, PANEL_MS);
    }

    showPanel(year) {
      const panels = this.options.panels;
      if (!panels || !this.panel) return;
      const entry = panels.years[year];
      if (this.focus && !entry.ties.some((tie) => tie[0] === this.focus)) this.focus = null;
      const cards = this.focus ? entry.ties.filter((tie) => tie[0] === this.focus).map((tie) => tie[2])
        : (entry.lead || []).concat(entry.ties.map((tie) => tie[2]), entry.events);
      const key = `${year}|${this.focus}`;
      if (this.panelKey === key) return;
      this.panelKey = key;
      this.heading.textContent = entry.heading;
      this.table.innerHTML = `<caption class="atlas-sr">${esc(entry.heading)}</caption><thead><tr><th scope="col">Tie</th>` +
        '<th scope="col">With</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Dates</th></tr></thead>' +
        "<tbody>" + entry.ties.map((tie) => `<tr><th scope="row">${esc(tie[1])}</th>` +
          tie.slice(3).map((cell) => `<td>${esc(cell)}</td>`).join("") + "</tr>").join("") + "</tbody>";
      this.panel.innerHTML = cards.length ? cards.map((card) => panels.cards[card].split(panels.slot).join(year)).join("")
        : panels.empty;
      if (this.focus) {
        const card = this.panel.querySelector(`[id="${CSS.escape(this.focus)}"]`);
        if (card) card.classList.add("focus");
      }
      if (this.focusSelect) {
        this.focusSelect.innerHTML = '<option value="">All ties</option>' + entry.ties.map((tie) =>
          `<option value="${esc(tie[0])}"${tie[0] === this.focus ? " selected" : ""}>${esc(tie[1])}</option>`).join("");
        this.focusSelect.disabled = entry.ties.length === 0;
      }
    }

    // ---------------------------------------------------------------- drawing

    // Two layers on the same axes: the countries below, an SVG of their outlines drawn once per
    // size and then only refilled, and the year's plot above (links, names, title). Drawn by Plotly,
    // the countries took 60 ms, 150 ms on a page's first draw, before anything showed.
    drawCountries(view, plot, moving = {}) {
      const full = plot._fullLayout;
      const axis = (name) => {
        const range = [moving[`${name}.range[0]`], moving[`${name}.range[1]`]];
        const shown = full[name];
        return range.every(Number.isFinite) ? Object.assign({}, shown, { range }) : shown;
      };
      const xa = axis("xaxis"), ya = axis("yaxis");
      // The year's plot is transparent: the paper and the water are drawn here, under the countries.
      const ground = [view.layout.paper_bgcolor, view.layout.plot_bgcolor];
      const shape = JSON.stringify([full.width, full.height, xa._offset, xa._length, xa.range, ya._offset, ya._length,
                                    ya.range, ground]);
      this.countryStyles = view.styles;
      if (this.countryShape !== shape || this.countryBase !== this.options.base) {
        this.countryShape = shape;
        this.countryBase = this.options.base;
        this.outlineCountries(full, xa, ya, ...ground);
      }
      this.fillCountries();
    }

    outlineCountries(full, xa, ya, paper, water) {
      const [x0, x1] = xa.range, [y0, y1] = ya.range;
      const px = (x) => (xa._offset + (x - x0) / (x1 - x0) * xa._length).toFixed(1);
      const py = (y) => (ya._offset + (y1 - y) / (y1 - y0) * ya._length).toFixed(1);
      this.clipId = this.clipId || `atlas-clip-${++outlined}`;
      const outlines = this.options.base.filter((trace) => trace.meta).map((trace) => {
        let d = "", move = true;
        trace.x.forEach((x, i) => {
          const y = trace.y[i];
          if (x === null || y === null) {
            move = true;
            return;
          }
          d += `${move ? (d ? "ZM" : "M") : "L"}${px(x)},${py(y)}`;
          move = false;
        });
        return `<path data-country="${esc(trace.meta)}" d="${d}Z" stroke="${trace.line.color}" stroke-width="${trace.line.width}" ` +
               'stroke-linejoin="round"/>';
      });
      this.countries.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" width="${full.width}" height="${full.height}" ` +
        `aria-hidden="true"><defs><clipPath id="${this.clipId}"><rect x="${xa._offset}" y="${ya._offset}" ` +
        `width="${xa._length}" height="${ya._length}"/></clipPath></defs>` +
        `<rect width="100%" height="100%" fill="${paper}"/>` +
        `<rect x="${xa._offset}" y="${ya._offset}" width="${xa._length}" height="${ya._length}" fill="${water}"/>` +
        `<g clip-path="url(#${this.clipId})">${outlines.join("")}</g></svg>`;
    }

    fillCountries() {
      const land = this.options.definition.land;
      const paths = this.countries.querySelectorAll("g path");
      this.options.base.filter((trace) => trace.meta).forEach((trace, i) => {
        const fill = this.fillOf(this.countryStyles[trace.meta] || land);
        if (paths[i].__atlasFill === fill) return;
        paths[i].setAttribute("fill", fill);
        paths[i].__atlasFill = fill;
      });
    }

    // A colour, or a fill made once: hatching for a projection, dots for opinion.
    fillOf(style) {
      const pattern = style.fillpattern || {};
      if (!pattern.shape) return style.fillcolor;
      const svg = "http://www.w3.org/2000/svg";
      const size = pattern.size || 8, solidity = pattern.solidity || 0.3, ink = pattern.fgcolor || "#000";
      const key = JSON.stringify([pattern, style.fillcolor]);
      this.patterns = this.patterns || new Map();
      let id = this.patterns.get(key);
      const defs = this.countries.querySelector("svg defs");
      if (id && defs.querySelector(`[id="${id}"]`)) return `url(#${id})`;
      id = id || `atlas-pattern-${this.patterns.size}`;
      this.patterns.set(key, id);
      const ground = pattern.bgcolor || style.fillcolor;
      let node;
      if (pattern.shape === "/") {
        // Hatching as a repeating gradient: a pattern tile replayed over a country as large as
        // Russia took a tenth of a second to paint in every frame of a projection year.
        const line = Math.min(50, solidity * 140);
        node = document.createElementNS(svg, "linearGradient");
        for (const [name, value] of [["gradientUnits", "userSpaceOnUse"], ["spreadMethod", "repeat"], ["x1", 0],
                                     ["y1", 0], ["x2", size / 2], ["y2", size / 2]]) node.setAttribute(name, value);
        node.innerHTML = `<stop offset="0%" stop-color="${ink}"/><stop offset="${line}%" stop-color="${ink}"/>` +
          `<stop offset="${line}%" stop-color="${ground}"/><stop offset="100%" stop-color="${ground}"/>`;
      } else {
        node = document.createElementNS(svg, "pattern");
        for (const [name, value] of [["patternUnits", "userSpaceOnUse"], ["width", size], ["height", size]]) {
          node.setAttribute(name, value);
        }
        node.innerHTML = `<rect width="${size}" height="${size}" fill="${ground}"/>` +
          `<circle cx="${size / 2}" cy="${size / 2}" r="${size * Math.sqrt(solidity / Math.PI)}" fill="${ink}"/>`;
      }
      node.setAttribute("id", id);
      defs.appendChild(node);
      return `url(#${id})`;
    }

    // The legend as HTML under the map: redrawing Plotly's own legend on every step is slow.
    drawLegend(view) {
      const dashes = this.options.definition.dashes;
      const size = (view.layout.legend && view.layout.legend.font && view.layout.legend.font.size) || 15;
      const glyphs = { star: "★", diamond: "◆" };  // events, and where exercises were held
      const html = view.legend.map((item) => {
        const glyph = item.marker && glyphs[item.marker.symbol];
        const swatch = glyph
          ? `<svg width="30" height="16" aria-hidden="true"><text x="8" y="14" fill="${item.marker.color}" font-size="16">${glyph}</text></svg>`
          : `<svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" x2="33" y2="6" stroke="${item.line.color}" ` +
            `stroke-width="${item.line.width}" stroke-dasharray="${dashes[item.line.dash || "solid"]}" ` +
            `opacity="${item.opacity === undefined ? 1 : item.opacity}"/></svg>`;
        return `<span class="atlas-legend-item">${swatch}${esc(item.name)}</span>`;
      }).join("");
      if (this.legendHtml !== html) {
        this.legend.innerHTML = html;
        this.legend.style.fontSize = size + "px";
        this.legendHtml = html;
      }
    }

    // Measured once, at the first draw (its legend drawn), where the map stands on the page and how
    // tall the legend is: every year is drawn at one height.
    heightFor(view) {
      if (this.fittedHeight === undefined) {
        const top = this.frame.getBoundingClientRect().top + window.scrollY;
        const room = window.innerHeight - top - this.legend.offsetHeight - LEGEND_GAP;
        this.fittedHeight = window.innerHeight > 0 ? Math.max(MIN_MAP_HEIGHT, room) : view.layout.height;
      }
      return Math.min(view.layout.height, this.fittedHeight);
    }

    draw(view) {
      this.drawLegend(view);
      this.frame.style.height = this.heightFor(view) + "px";
      const overlay = this.overlayFor(view, this.year);
      this.drawCountries(view, overlay);
      this.overlayView = view;
      if (this.overlay !== overlay) {
        if (this.overlay) this.overlay.remove();
        this.frame.appendChild(overlay);
        this.overlay = overlay;
      }
    }

    // Each year's links, labels and title are drawn once into a plot of their own and kept: showing
    // a year again only swaps that plot in. (Redrawing them with Plotly took 30-40 ms a year here,
    // too slow for 20 years a second.) A view that is not one of the frames (a focused tie) is
    // drawn into one reusable plot. Plotly draws synchronously, so a plot drawn ahead of time is
    // taken out of the page in the same task and no other year's title is ever on the page.
    overlayFor(view, year) {
      const frames = this.options.frames;
      const kept = Boolean(frames) && frames[year] === view;
      let overlay = kept ? this.rendered.get(view) : this.live;
      if (overlay && (kept || this.liveView === view)) return overlay;
      if (!overlay) overlay = element("div", "atlas-overlay");
      if (!overlay.isConnected) this.frame.appendChild(overlay);
      const layout = Object.assign({}, view.layout, { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
                                                      showlegend: false, height: this.heightFor(view) });
      const names = this.options.base.filter((trace) => !trace.meta);  // country names, capitals
      this.Plotly.react(overlay, names.concat(view.data), layout, { displaylogo: false, scrollZoom: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "zoom2d", "pan2d"] });
      if (!overlay.__atlasBound) {
        if (this.focusSelect) {
          overlay.on("plotly_click", (event) => {
            const id = event.points && event.points[0] && event.points[0].customdata;
            if (typeof id === "string") this.changeLocally(this.year, id);
          });
        }
        // Dragging or zooming moves the year's plot: the countries under it move with it, while the
        // hand moves (the event names the new ranges) and once it lets go.
        const follow = (event) => {
          if (overlay === this.overlay) this.drawCountries(this.overlayView, overlay, event);
        };
        overlay.on("plotly_relayouting", follow);
        overlay.on("plotly_relayout", follow);
        overlay.__atlasBound = true;
      }
      if (kept) this.rendered.set(view, overlay);
      else {
        this.live = overlay;
        this.liveView = view;
      }
      return overlay;
    }

    // Draw every year ahead of time, nearest first, one per idle moment of the browser. Each moment
    // takes the years as they are then: another filter's years, arriving midway, replace the old ones
    // (a moment that drew an old year drew it over the plot on show, the year shown lost to it).
    drawAhead() {
      if (this.drawingAhead || !this.options.frames) return;
      this.drawingAhead = true;
      const next = () => {
        const frames = this.options.frames;
        const years = Object.keys(frames).map(Number).filter((year) => !this.rendered.has(frames[year]))
          .sort((a, b) => Math.abs(a - this.year) - Math.abs(b - this.year));
        if (!years.length) {
          this.drawingAhead = false;
          return;
        }
        const overlay = this.overlayFor(frames[years[0]], years[0]);
        if (overlay !== this.overlay) overlay.remove();
        idle(next);
      };
      idle(next);
    }

    // The plots drawn ahead, all but the one shown, once they are of no more use: another filter's
    // years have arrived, or the width changed (they were laid out for the old one).
    forgetDrawn(resized) {
      for (const [view, overlay] of this.rendered) {
        if (overlay !== this.overlay) {
          this.Plotly.purge(overlay);
          this.rendered.delete(view);
        }
      }
      if (resized && this.overlay) {
        const shown = this.overlay, view = this.overlayView;
        this.Plotly.Plots.resize(shown).then(() => {
          if (this.overlay === shown) this.drawCountries(view, shown);
        });
      }
      this.drawAhead();
    }

    // ---------------------------------------------------------------- the year moves in the browser

    urlFor(year, focus) {
      const url = new URL(window.location.href);
      url.searchParams.set("year", year);
      if (focus) url.searchParams.set("focus", focus);
      else url.searchParams.delete("focus");
      return url.toString();
    }

    // A step, drag, focus pick or the end of play: draw at once, keep the URL in step while moving,
    // and once it stays put add one history entry and tell the host.
    changeLocally(year, focus) {
      if (this.playing) this.stop(false);
      changes += 1;
      this.focus = focus;
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
        window.history.replaceState(window.history.state, "", this.urlFor(this.year, this.focus));
      }
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
    }

    settle() {
      if (this.options.url && this.gesture) {
        const reached = window.location.href;
        if (reached !== this.gesture) {
          window.history.replaceState(window.history.state, "", this.gesture);
          window.history.pushState({}, "", reached);
        }
      }
      this.gesture = null;
      if (this.options.onSettle) this.options.onSettle(this.year, this.focus, changes);
    }

    // Back and forward: show the URL's year at once; the host reruns on its own and follows it.
    followUrl() {
      const params = new URLSearchParams(window.location.search);
      const year = Number(params.get("year"));
      if (!Number.isInteger(year) || year < this.options.first || year > this.options.last) return;
      clearTimeout(this.settleTimer);
      this.gesture = null;
      if (this.playing) this.stop(false);
      this.focus = params.get("focus");
      this.show(year);
    }

    // ---------------------------------------------------------------- play and the presenter

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
      const frames = this.options.frames;
      const missing = Object.keys(frames).filter((year) => !this.rendered.has(frames[year]));
      if (missing.length) this.status.textContent = "drawing the years…";
      requestAnimationFrame(() => setTimeout(() => {
        for (const year of missing) {
          const overlay = this.overlayFor(frames[year], Number(year));
          if (overlay !== this.overlay) overlay.remove();
        }
        this.status.textContent = "";
        requestAnimationFrame(() => {
          this.preparing = false;
          this.beat();
        });
      }, 0));
    }

    // Each year is due one interval after the one before it (after it was drawn, when that was
    // late); it is drawn at the first animation frame at or after that, and the time it reached the screen (the next frame) is recorded in
    // window.__atlasPlay so the bench can judge lateness by its own rule.
    beat() {
      const o = this.options;
      const years = Object.keys(o.frames).map(Number).sort((a, b) => a - b);
      let index = years.indexOf(this.year) + 1;
      if (index <= 0 || index >= years.length) index = 0;
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
          // A year drawn half an interval late or more (a stalled frame) still gets its whole
          // interval: the years after it do not crowd in, a frame each, to catch up; the slip
          // shows in the years per second.
          due = (now - due >= interval / 2 ? now : due) + interval;
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
      if (!settle) return;
      changes += 1;
      if (this.options.url) window.history.replaceState(window.history.state, "", this.urlFor(this.year, null));
      this.settle();
    }

    stepMoment(direction) {
      if (this.options.onStep) return this.options.onStep(direction);
      const years = this.options.moments.map((m) => m.year);
      const next = direction > 0 ? years.find((y) => y > this.year) : years.slice().reverse().find((y) => y < this.year);
      if (next !== undefined) this.changeLocally(next, null);
    }
  }

  window.AtlasPlayer = {
    mount: (root, Plotly, options) => new Player(root, Plotly, options),
  };

  // A page whose server runs Plotly with it (the app's, serve.py) then waits for the map's data: in
  // that wait, a throwaway plot of the map's kind readies Plotly's code, which made the first map
  // draw take ~110 ms instead of ~40. Hidden, not just off-screen: a browser counts an off-screen
  // box as shown, so anything watching the page for the map's title could take this one for it.
  function warmUp() {
    idle(() => {
      const box = element("div");
      box.style.cssText = "position:absolute;left:-10000px;top:0;width:800px;height:400px;visibility:hidden";
      box.setAttribute("aria-hidden", "true");
      document.body.appendChild(box);
      const line = { type: "scatter", mode: "lines", x: [0, 1, null, 1, 2], y: [0, 1, null, 1, 0], line: { dash: "dash" } };
      const marks = { type: "scatter", mode: "markers+text", x: [0, 2], y: [0, 0], text: ["<b>a</b>", "b"],
                      textposition: ["top center", "bottom left"], marker: { symbol: "arrow", angle: [0, 90] } };
      const layout = { title: { text: "<b>a</b>", subtitle: { text: "b" } }, showlegend: false, height: 400,
                       xaxis: { visible: false, constrain: "domain" },
                       yaxis: { visible: false, scaleanchor: "x", constrain: "domain" },
                       annotations: [{ text: "<b>a</b><br>b", xref: "x domain", yref: "y domain", x: 0, y: 0,
                                       showarrow: false, bgcolor: "white", bordercolor: "grey" }] };
      window.Plotly.newPlot(box, [line, marks], layout).then(() => {
        window.Plotly.purge(box);
        box.remove();
      });
    });
  }
  const pagePlotly = document.getElementById("atlas-plotly");
  if (pagePlotly) {
    if (window.Plotly) warmUp();
    else pagePlotly.addEventListener("load", warmUp);
  }
})();
