// The map component: loads the app's plotly-basic bundle and the player's parts (unless the page already
// runs them), all served from static/; keeps what the server sent once a session (country outlines,
// every year's layers and panels); and hands the rest to the player (static/player/), which draws and
// moves the year in the browser.
//
// data: UTF-8 JSON, the view contract's payload (static/player/contract.js: the parts' ids, the parts,
//   the player's options) and `player`, where the player's parts are, in the order they run
// triggers, the contract's reports: settled ({year, focus, seq}: the year or focus moved in the browser
//   and stayed put), step (±1 from the presenter's keys), missing (an id to send)

const cache = window.__atlasCache || (window.__atlasCache = {});

// Served by the app itself. Fetched as text and run from a blob: the static server marks .js files
// as plain text, which a <script src> would refuse.
function runScript(path) {
  return fetch(path)
    .then((response) => response.text())
    .then((code) => new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
      script.onload = resolve;
      document.head.appendChild(script);
    }));
}

// The app's server adds script elements that run Plotly and the player with the page (serve.py)
// and marks each once it has run or failed; without one, or should it fail, the library is fetched here.
function pageScript(id, path, loaded) {
  const tag = document.getElementById(id);
  const ran = !tag || tag.dataset.done ? Promise.resolve() : new Promise((resolve) => {
    tag.addEventListener("load", resolve);
    tag.addEventListener("error", resolve);
  });
  return ran.then(() => loaded() || runScript(path));
}

// The player's parts run one after another, each once the parts it needs have (a part that ran before
// them defined nothing, and is run again).
function player(paths) {
  return paths.reduce((before, path) => before.then(() => {
    const name = path.split("/").pop().replace(/\.js$/, "");
    return pageScript(`atlas-player-${name}`, `./${path}`, () => window.AtlasPlayer && window.AtlasPlayer[name]);
  }), Promise.resolve());
}

function libraries(paths) {
  if (!window.__atlasLibraries) {
    window.__atlasLibraries = Promise.all([
      pageScript("atlas-plotly", "./app/static/plotly-basic.min.js", () => window.Plotly),
      player(paths),
    ]).then(() => window.Plotly);
  }
  return window.__atlasLibraries;
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = JSON.parse(new TextDecoder().decode(component.data));
  if (data.preload) {
    libraries(data.player);
    return;
  }
  for (const part of ["base", "frames", "panels"]) {
    if (data[part]) cache[data[`${part}_id`]] = data[part];
  }
  const absent = [data.base_id, data.panels_id].find((id) => id && !cache[id]);
  if (absent) {
    setTriggerValue("missing", absent);
    return;
  }
  const options = Object.assign({}, data.options, {
    base: cache[data.base_id],
    frames: cache[data.frames_id],
    panels: data.panels_id ? cache[data.panels_id] : undefined,
    onSettle: (settled) => setTriggerValue("settled", settled),
    onFrames: () => setTriggerValue("missing", data.frames_id),
    onStep: data.options.presenter ? (direction) => setTriggerValue("step", direction) : undefined,
  });
  libraries(data.player).then((Plotly) => {
    if (parentElement.__atlasPlayer) parentElement.__atlasPlayer.update(options);
    else parentElement.__atlasPlayer = window.AtlasPlayer.mount(parentElement, Plotly, options);
  });
}
