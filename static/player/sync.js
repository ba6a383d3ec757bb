// The player's side of the view contract (contract.js): what it tells the server is built and checked
// from the contract, so it never sends what geo/viewcontract.py would drop; and the count of changes
// that decides, with the server's ack, which side's year is shown.
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("sync", ["contract"], (contract) => {
  "use strict";

  const TYPES = {
    integer: (value) => Number.isInteger(value),
    string: (value) => typeof value === "string",
    boolean: (value) => typeof value === "boolean",
    object: (value) => typeof value === "object" && value !== null && !Array.isArray(value),
    array: (value) => Array.isArray(value),
  };

  // A limit is a number or the name of a bound: the contract's own, or one the player is given (its years).
  function limit(value, given) {
    if (typeof value !== "string") return value;
    return Object.hasOwn(given, value) ? given[value] : contract.bounds[value];
  }

  function fits(spec, value, given = {}) {
    if (value === null) return Boolean(spec.nullable);
    if (!TYPES[spec.type](value)) return false;
    if (spec.values && !spec.values.includes(value)) return false;
    const size = spec.type === "string" ? value.length : value;
    const [low, high] = spec.type === "string" ? [spec.minLength, spec.maxLength] : [spec.min, spec.max];
    return !(low !== undefined && size < limit(low, given)) && !(high !== undefined && size > limit(high, given));
  }

  // A message as the contract has it (absent fields given their defaults), or null when it does not fit.
  function read(name, message, given = {}) {
    const spec = contract.messages[name];
    if (spec.value) return fits(spec.value, message, given) ? message : null;
    // Own fields only: a report naming "constructor" or "__proto__" is a field the contract lacks.
    if (!TYPES.object(message) || Object.keys(message).some((key) => !Object.hasOwn(spec.fields, key))) return null;
    const taken = {};
    for (const [field, rule] of Object.entries(spec.fields)) {
      if (Object.hasOwn(message, field)) {
        if (!fits(rule, message[field], given)) return null;
        taken[field] = message[field];
      } else if (rule.required) {
        return null;
      } else if (Object.hasOwn(rule, "default")) {
        taken[field] = rule.default;
      }
    }
    return taken;
  }

  // Local changes of the year or focus so far, counted across remounts of the map on one page.
  let changes = 0;

  return {
    fits,
    read,
    // What the player sends, checked first: a report off the contract is a fault of the player's, never sent.
    report(send, name, message, given) {
      const checked = read(name, message, given);
      if (checked !== null && send) send(checked);
      return checked;
    },
    changed: () => (changes += 1),
    changes: () => changes,
    // The server's year is news only once it has seen every change (its ack counts them); before
    // that it is the echo of a year the browser has already left.
    current: (ack) => ack === undefined || ack >= changes,
  };
});
