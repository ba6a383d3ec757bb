// How the player's parts find each other. In the browser the parts run in order (inlined as one script
// by serve.py and geo/handouts.py, or one after another by pages/atlas_map.js's loader, all in the order
// of geo.paths.PLAYER_PARTS), and each defines itself on window.AtlasPlayer; in Node each part is a module that
// requires the parts it needs, so the pure ones are unit-tested there (tests/js). A part whose needs
// are not all there throws and defines nothing: a loader that finds it undefined runs it again later.
(function () {
  "use strict";
  function definer(find, keep) {
    return (name, needs, make) => {
      const parts = needs.map(find);
      const absent = needs.filter((need, i) => !parts[i]);
      if (absent.length) throw new Error(`the player's part ${name} needs ${absent.join(", ")} first`);
      keep(name, make(...parts));
    };
  }
  if (typeof window === "undefined") {
    module.exports = (part) => definer((need) => require(`./${need}.js`), (name, made) => { part.exports = made; });
  } else {
    const parts = window.AtlasPlayer = window.AtlasPlayer || {};
    parts.define = definer((need) => parts[need], (name, made) => { parts[name] = made; });
  }
})();
