// The countries under the year's plot: an SVG of their outlines, drawn once per size and then only
// refilled for each year (colours, and patterns for projections and opinion).
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("countries", ["layout"], (layout) => {
  "use strict";

  const esc = layout.esc;
  let outlined = 0;  // players that have drawn countries: each clips them with an id of its own

  class Countries {
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
  }

  return { Countries };
});
