// A chart of the Timeline, Countries and Fergana pages, drawn with the app's own Plotly.
//
// data: UTF-8 JSON of {id, figure?, marks?, config, clicks}
//   id — names the figure; the figure itself comes only the first time a session shows it, and is
//        kept here for the rest of the page's life (under its id, by every chart on every page)
//   marks — what names the year, as Plotly's relayout takes it: a new year moves these alone
//   clicks — whether a click on a bar or mark is reported
// triggers: clicked ([{customdata}]: the points clicked), missing (the id of a figure this page lacks)

const figures = window.__atlasCharts || (window.__atlasCharts = {});

// app.py mounts the map's preloader on every page, which starts the app's own Plotly loading
// (pages/atlas_map.js): the chart waits for that rather than loading it a second way.
function plotly() {
  return new Promise(function wait(resolve) {
    if (window.__atlasLibraries) resolve(window.__atlasLibraries);
    else setTimeout(() => wait(resolve), 25);
  });
}

// Named by its title, as the year's marks leave it.
function label(box) {
  const title = box.layout && box.layout.title && box.layout.title.text;
  box.setAttribute("aria-label", (title || "").replace(/<[^>]*>/g, ""));
}

function draw(box, Plotly, data) {
  const marks = JSON.stringify(data.marks || {});
  if (box.__id !== data.id) {
    // A copy: relayout changes the layout it was given, and the figure stays shared by its id.
    const figure = structuredClone(figures[data.id]);
    box.__id = data.id;
    box.__marks = marks;
    return Plotly.react(box, figure.data, figure.layout, data.config)
      .then(() => data.marks && Plotly.relayout(box, data.marks)).then(() => label(box));
  }
  if (box.__marks !== marks) {
    box.__marks = marks;
    return Plotly.relayout(box, data.marks).then(() => label(box));
  }
  return null;
}

export default function ({ data: bytes, parentElement, setTriggerValue }) {
  const data = JSON.parse(new TextDecoder().decode(bytes));
  if (data.figure) figures[data.id] = data.figure;
  if (!figures[data.id]) {
    setTriggerValue("missing", data.id);
    return;
  }
  let box = parentElement.querySelector(".atlas-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "atlas-chart";
    box.setAttribute("role", "figure");
    parentElement.appendChild(box);
  }
  box.__report = setTriggerValue;
  // One drawing at a time, in the order the runs arrived: a step's relayout waits for its figure.
  const step = (Plotly) => Promise.resolve(draw(box, Plotly, data)).catch(() => null).then(() => {
    if (data.clicks && !box.__clicks) {
      box.__clicks = true;
      box.on("plotly_click", (event) => box.__report("clicked",
        event.points.map((point) => ({ customdata: point.customdata }))));
    }
    return Plotly;
  });
  box.__drawn = (box.__drawn || plotly()).then(step);
}
