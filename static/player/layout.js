// The player's page: its styles, and the bar, map, legend, table and side panel it builds once.
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("layout", ["timing"], (timing) => {
  "use strict";

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
  const idle = (callback) => (window.requestIdleCallback || ((later) => setTimeout(later, 1)))(callback);

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

  class Layout {
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
      this.speed = element("select", "atlas-speed", timing.SPEEDS.map((s) =>
        `<option value="${s}"${s === timing.DEFAULT_SPEED ? " selected" : ""}>${s} year${s > 1 ? "s" : ""}/s</option>`).join(""));
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
      if (options.moments || options.onStep) timing.listenForPresenterKeys(this);
      if (options.url) window.addEventListener("popstate", () => this.followUrl());
      let resizing = null;
      window.addEventListener("resize", () => {
        clearTimeout(resizing);
        resizing = setTimeout(() => this.forgetDrawn(true), 200);
      });
    }
  }

  return { esc, element, idle, addStyle, Layout };
});
