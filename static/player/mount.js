// Alliance Atlas player: draws a year's map with plotly-basic, steps and plays through the years,
// swaps the quoted side panel, and runs the presenter's keys, for the app (served from static/ and run
// by the map component, pages/atlas_map.js) and the offline HTML files (geo/handouts.py inlines the
// parts). This part puts the others' jobs together into one player: AtlasPlayer.mount.
//
// AtlasPlayer.mount(root, Plotly, options) -> player; player.update(options) takes newer data.
// options (every field optional but base and year; their types and limits: contract.js):
//   definition  geo.styles.definition(): land fill, legend dash patterns
//   base        country traces, each country tagged with its code in `meta` (sent once)
//   frames      {year: view} of every year; view = {styles, data, legend, layout} (geo.figures.map_view)
//   view        the shown year's view as the server drew it (with a focused tie emphasised)
//   panels      {cards: {key: html}, years: {year: {heading, ties: [[id, title, card, partners, kind, status,
//               dates]], events: [card], lead: [card] (optional: cards shown before the ties, such as the
//               region's bloc table)}}, empty: html, slot}; `slot` in a card is replaced by the year shown
//   year, first, last, focus, ack (the count of changes the host has applied: sync.js)
//   control     draw the year control (a range input, id atlas-year); url: keep ?year= and ?focus= in the URL
//   moments     [{year, caption}]: the presenter's keys step through them
//   travel      a new year from the host is reached by travelling through the years between (a story's
//               steps); otherwise it is shown at once
//   onSettle({year, focus, seq})  the year or focus changed and stayed put (the contract's settled report)
//   onStep(direction)             presenter keys, when the host steps the moments itself
//   onFrames()                    frames are wanted (the first year is drawn; the rest can follow)
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)(
  "mount", ["layout", "view", "timing", "countries", "draw", "panel"], (layout, view, timing, countries, draw, panel) => {
  "use strict";

  const { element, idle } = layout;

  class Player {
    constructor(root, Plotly, options) {
      layout.addStyle();
      this.root = root;
      this.Plotly = Plotly;
      this.options = {};
      this.gesture = null;   // the URL before the current run of local changes
      this.playing = false;
      this.rendered = new Map();  // frame view -> its plot, drawn once
      this.build(options);
      this.update(options);
    }
  }
  // Each job's methods, kept in a part of its own, are the player's.
  for (const job of [layout.Layout, view.View, timing.Timing, countries.Countries, draw.Drawing, panel.Panel]) {
    for (const name of Object.getOwnPropertyNames(job.prototype)) {
      if (name !== "constructor") Object.defineProperty(Player.prototype, name, Object.getOwnPropertyDescriptor(job.prototype, name));
    }
  }

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
      const frame = { title: { text: "<b>a</b>", subtitle: { text: "b" } }, showlegend: false, height: 400,
                       xaxis: { visible: false, constrain: "domain" },
                       yaxis: { visible: false, scaleanchor: "x", constrain: "domain" },
                       annotations: [{ text: "<b>a</b><br>b", xref: "x domain", yref: "y domain", x: 0, y: 0,
                                       showarrow: false, bgcolor: "white", bordercolor: "grey" }] };
      window.Plotly.newPlot(box, [line, marks], frame).then(() => {
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

  return (root, Plotly, options) => new Player(root, Plotly, options);
});
