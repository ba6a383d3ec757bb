// The map component: draws Alliance Atlas figures with the app's own plotly-basic bundle, keeps
// the country geometry it has been sent, and plays through the years without the server.
//
// data: UTF-8 JSON of {base_id, base?, frames_id, frames?, year, view, keys} or {preload: true}
//   base   — country traces (sent once a session); view.styles recolours them per year
//   frames — {year: view} for every year, sent once, when play is first pressed
// triggers: picked (a tie clicked), stopped_at (play stopped on a year), missing (an id to resend)

const cache = window.__atlasCache || (window.__atlasCache = {});

function plotlyReady() {
  // Served by the app itself. Fetched as text and run from a blob: the static server marks
  // .js files as plain text, which a <script src> would refuse.
  if (!window.__atlasPlotly) {
    window.__atlasPlotly = fetch("./app/static/plotly-basic.min.js")
      .then((response) => response.text())
      .then((code) => new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
        script.onload = () => resolve(window.Plotly);
        document.head.appendChild(script);
      }));
  }
  return window.__atlasPlotly;
}

const LAND = { fillcolor: "#ECEAE4", fillpattern: { shape: "" } };

// Two stacked plots with the same axes: the countries below, which a new year only recolours
// (a cheap restyle), and the year's links, labels, legend and title above (a small redraw).
function drawCountries(Plotly, state, base, view) {
  const styles = base.map((trace) => (trace.meta ? view.styles[trace.meta] || LAND : null));
  const layout = Object.assign({}, view.layout, { title: { text: "" }, annotations: [], showlegend: false });
  const shape = JSON.stringify([layout.height, layout.xaxis, layout.yaxis, layout.margin]);
  if (state.countryShape !== shape || state.countryBase !== base) {
    const traces = base.map((trace, i) => (styles[i] ? Object.assign({}, trace, styles[i]) : trace));
    Plotly.react(state.countries, traces, layout, { staticPlot: true, responsive: true });
    state.countryStyles = styles;
    state.countryShape = shape;
    state.countryBase = base;
    return;
  }
  const indices = [], update = { fillcolor: [], "fillpattern.shape": [], "fillpattern.bgcolor": [],
                                 "fillpattern.fgcolor": [], "fillpattern.size": [], "fillpattern.solidity": [] };
  const previous = state.countryStyles || [];
  styles.forEach((style, i) => {
    if (!style || JSON.stringify(style) === JSON.stringify(previous[i])) return;  // most years recolour nothing
    indices.push(i);
    update.fillcolor.push(style.fillcolor);
    update["fillpattern.shape"].push(style.fillpattern.shape || "");
    update["fillpattern.bgcolor"].push(style.fillpattern.bgcolor || style.fillcolor);
    update["fillpattern.fgcolor"].push(style.fillpattern.fgcolor || "#000");
    update["fillpattern.size"].push(style.fillpattern.size || 8);
    update["fillpattern.solidity"].push(style.fillpattern.solidity || 0.3);
  });
  state.countryStyles = styles;
  if (indices.length) Plotly.restyle(state.countries, update, indices);
}

// Plotly.react redraws every trace whose arrays are new objects; a trace identical to the one
// drawn before is handed back as the same object, so a step that only changes the title is cheap.
function reuseUnchanged(state, traces) {
  const before = state.overlayTraces || [];
  const keys = traces.map((trace) => JSON.stringify(trace));
  const kept = traces.map((trace, i) => (before[i] && before[i].key === keys[i] ? before[i].trace : trace));
  state.overlayTraces = kept.map((trace, i) => ({ trace, key: keys[i] }));
  return kept;
}

const DASHES = { solid: "", dash: "9 6", dot: "2 5" };

function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// The legend as HTML under the map: redrawing Plotly's own legend on every step is slow.
function drawLegend(state, view) {
  const size = (view.layout.legend && view.layout.legend.font && view.layout.legend.font.size) || 15;
  const html = view.legend.map((item) => {
    const swatch = item.marker && item.marker.symbol === "star"
      ? `<svg width="30" height="16"><text x="8" y="14" fill="${item.marker.color}" font-size="16">★</text></svg>`
      : `<svg width="34" height="12"><line x1="1" y1="6" x2="33" y2="6" stroke="${item.line.color}" ` +
        `stroke-width="${item.line.width}" stroke-dasharray="${DASHES[item.line.dash || "solid"]}" ` +
        `opacity="${item.opacity === undefined ? 1 : item.opacity}"/></svg>`;
    return `<span class="atlas-legend-item">${swatch}${esc(item.name)}</span>`;
  }).join("");
  if (state.legendHtml !== html) {
    state.legend.innerHTML = html;
    state.legend.style.fontSize = size + "px";
    state.legendHtml = html;
  }
}

function draw(Plotly, state, view) {
  drawCountries(Plotly, state, cache[state.baseId], view);
  drawLegend(state, view);
  const layout = Object.assign({}, view.layout, { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
                                                  showlegend: false });
  state.frame.style.height = layout.height + "px";
  Plotly.react(state.div, reuseUnchanged(state, view.data), layout, { displaylogo: false, responsive: true, scrollZoom: false,
                                               modeBarButtonsToRemove: ["select2d", "lasso2d", "zoom2d", "pan2d"] });
}

function controls(root, state) {
  let bar = root.querySelector(".atlas-play");
  if (bar) return bar;
  bar = document.createElement("div");
  bar.className = "atlas-play";
  bar.innerHTML =
    '<button type="button" class="atlas-play-button" aria-label="Play through the years">▶ Play</button>' +
    '<label>Speed <select class="atlas-speed" aria-label="Years per second">' +
    '<option value="1">1 year/s</option><option value="2" selected>2 years/s</option>' +
    '<option value="5">5 years/s</option><option value="10">10 years/s</option>' +
    '<option value="20">20 years/s</option></select></label>' +
    '<span class="atlas-play-status" aria-live="polite"></span>';
  root.prepend(bar);
  return bar;
}

function stop(state, setTriggerValue) {
  if (!state.playing) return;
  state.playing = false;
  cancelAnimationFrame(state.raf);
  state.bar.querySelector(".atlas-play-button").textContent = "▶ Play";
  setTriggerValue("stopped_at", state.shown);
}

function play(state, Plotly, setTriggerValue) {
  const frames = cache[state.framesId];
  const years = Object.keys(frames).map(Number).sort((a, b) => a - b);
  let index = years.indexOf(state.shown) + 1;
  if (index <= 0 || index >= years.length) index = 0;
  const stats = (window.__atlasPlay = { shown: [], dropped: 0, started: performance.now(), finished: null });
  const perYear = 1000 / Number(state.bar.querySelector(".atlas-speed").value);
  let due = performance.now();
  state.playing = true;
  state.bar.querySelector(".atlas-play-button").textContent = "❚❚ Pause";
  const tick = (now) => {
    if (!state.playing) return;
    if (now >= due) {
      if (now - due > perYear) stats.dropped += 1;  // late by a whole frame: a year shown too late
      const year = years[index];
      draw(Plotly, state, frames[year]);
      state.shown = year;
      stats.shown.push(year);
      index += 1;
      due += perYear;
      if (index >= years.length) {
        stats.finished = performance.now();
        stop(state, setTriggerValue);
        return;
      }
    }
    state.raf = requestAnimationFrame(tick);
  };
  state.raf = requestAnimationFrame(tick);
}

// A presenter's clicker sends PageDown/PageUp; N and P work from a keyboard.
function listenForStepKeys(setTriggerValue) {
  window.__atlasStep = setTriggerValue;
  if (window.__atlasKeys) return;
  window.__atlasKeys = true;
  document.addEventListener("keydown", (event) => {
    if (event.target && ["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
    const step = { PageDown: 1, n: 1, PageUp: -1, p: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    window.__atlasStep("step", step);
  });
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = JSON.parse(new TextDecoder().decode(component.data));
  if (data.preload) {
    plotlyReady();
    return;
  }
  if (data.keys) listenForStepKeys(setTriggerValue);
  if (data.base) cache[data.base_id] = data.base;
  if (data.frames) cache[data.frames_id] = data.frames;
  const root = parentElement;
  const state = root.__atlas || (root.__atlas = {});
  state.baseId = data.base_id;
  state.framesId = data.frames_id;
  if (!cache[data.base_id]) {
    setTriggerValue("missing", data.base_id);
    return;
  }
  state.bar = controls(root, state);
  if (!state.div) {
    state.frame = document.createElement("div");
    state.frame.className = "atlas-map";
    state.countries = document.createElement("div");
    state.countries.className = "atlas-countries";
    state.div = document.createElement("div");
    state.div.className = "atlas-overlay";
    state.frame.append(state.countries, state.div);
    state.legend = document.createElement("div");
    state.legend.className = "atlas-legend";
    root.append(state.frame, state.legend);
  }
  const button = state.bar.querySelector(".atlas-play-button");
  button.onclick = () => {
    if (state.playing) return stop(state, setTriggerValue);
    if (!cache[data.frames_id]) {
      state.bar.querySelector(".atlas-play-status").textContent = "loading the years…";
      state.playOnArrival = true;
      setTriggerValue("missing", data.frames_id);
      return;
    }
    plotlyReady().then((Plotly) => play(state, Plotly, setTriggerValue));
  };
  plotlyReady().then((Plotly) => {
    if (state.playing) return;
    draw(Plotly, state, data.view);
    state.shown = data.year;
    if (!state.clickBound) {
      state.div.on("plotly_click", (event) => {
        const id = event.points && event.points[0] && event.points[0].customdata;
        if (typeof id === "string") setTriggerValue("picked", id);
      });
      state.clickBound = true;
    }
    if (state.playOnArrival && cache[data.frames_id]) {
      state.playOnArrival = false;
      state.bar.querySelector(".atlas-play-status").textContent = "";
      play(state, Plotly, setTriggerValue);
    }
  });
}
