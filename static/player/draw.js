// Drawing a year: its legend, and its links, names and title as a plot of their own, drawn once per
// year ahead of time (nearest years first) so that showing a year only swaps its plot in.
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("draw", ["layout"], (layout) => {
  "use strict";

  const { esc, element, idle } = layout;
  // The map is as tall as the server drew it, or less where the window is lower, so that the map and
  // its legend are on screen together (a projector at 1280x720); never less than MIN_MAP_HEIGHT.
  const MIN_MAP_HEIGHT = 420;
  const LEGEND_GAP = 12;

  // The years of `frames` whose plot is not among `drawn` (a Map keyed by view), nearest to `year` first.
  function undrawn(frames, drawn, year) {
    return Object.keys(frames).map(Number).filter((each) => !drawn.has(frames[each]))
      .sort((a, b) => Math.abs(a - year) - Math.abs(b - year));
  }

  class Drawing {
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
        const years = this.undrawnYears();
        if (!years.length) {
          this.drawingAhead = false;
          return;
        }
        this.drawAside(years[0]);
        idle(next);
      };
      idle(next);
    }

    undrawnYears() {
      return undrawn(this.options.frames, this.rendered, this.year);
    }

    // A year's plot drawn and kept, out of the page unless it is the year shown.
    drawAside(year) {
      const overlay = this.overlayFor(this.options.frames[year], year);
      if (overlay !== this.overlay) overlay.remove();
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
  }

  return { undrawn, Drawing };
});
