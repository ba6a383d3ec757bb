// Runs the player's parts given as arguments, in that order, as a page runs them (scripts sharing one
// window), and writes the names each defined on window.AtlasPlayer; a part that throws stops the run.
const fs = require("node:fs");
const vm = require("node:vm");

const window = {};
const context = vm.createContext({ window, document: { getElementById: () => null } });
for (const part of process.argv.slice(2)) vm.runInContext(fs.readFileSync(part, "utf8"), context, { filename: part });
process.stdout.write(JSON.stringify(Object.keys(window.AtlasPlayer)));
