// The view contract: every message between the server and the player, its fields, their types,
// ranges and limits, and which side wins when both move. The one written copy: geo/viewcontract.py
// reads the object below as JSON (from the line "{" to the line "}", so it must stay JSON) and checks
// every report the browser makes against it; sync.js builds and checks the player's reports from it.
// geo/viewcontract.py's docstring says the same in prose.
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("contract", [], () => (
{
  "version": 1,
  "bounds": {
    "id": 200,
    "count": 9007199254740991
  },
  "given": {
    "first": "the first year covered: geo.dates.FIRST_YEAR on the server, options.first in the player",
    "last": "the last year covered: geo.dates.LAST_YEAR on the server, options.last in the player"
  },
  "types": "integer (never a boolean or a fraction), string, boolean, object, array; min and max, minLength and maxLength name a number or a bound; values lists every value allowed; nullable allows null",
  "rules": "A message is taken whole or dropped whole, never raised on: it is dropped when it is not of its type, when a field is not one the contract lists, or when a field present does not fit; an absent field takes its default, and a required one absent drops the message.",
  "messages": {
    "payload": {
      "from": "server",
      "about": "what the map component is sent each run (pages/mapview.py); the parts, sent once a session, are kept by their ids",
      "fields": {
        "preload": {"type": "boolean"},
        "player": {"type": "array"},
        "base_id": {"type": "string", "minLength": 1, "maxLength": "id"},
        "frames_id": {"type": "string", "minLength": 1, "maxLength": "id"},
        "panels_id": {"type": "string", "minLength": 1, "maxLength": "id"},
        "base": {"type": "array"},
        "frames": {"type": "object"},
        "panels": {"type": "object"},
        "options": {"type": "object"}
      }
    },
    "options": {
      "from": "server",
      "about": "the player's options (static/player/mount.js describes each); the host adds its callbacks, which are never sent",
      "fields": {
        "year": {"type": "integer", "min": "first", "max": "last", "required": true},
        "focus": {"type": "string", "minLength": 1, "maxLength": "id", "nullable": true, "default": null},
        "first": {"type": "integer"},
        "last": {"type": "integer"},
        "ack": {"type": "integer", "min": 0, "max": "count"},
        "view": {"type": "object"},
        "control": {"type": "boolean"},
        "url": {"type": "boolean"},
        "presenter": {"type": "boolean"},
        "travel": {"type": "boolean"},
        "projectionFrom": {"type": "integer"},
        "definition": {"type": "object"},
        "base": {"type": "array"},
        "frames": {"type": "object"},
        "panels": {"type": "object"},
        "moments": {"type": "array"}
      }
    },
    "settled": {
      "from": "player",
      "about": "the year or focused tie moved in the browser and stayed put; seq is the player's count of changes",
      "fields": {
        "year": {"type": "integer", "min": "first", "max": "last", "required": true},
        "focus": {"type": "string", "minLength": 1, "maxLength": "id", "nullable": true, "default": null},
        "seq": {"type": "integer", "min": 0, "max": "count", "default": 0}
      }
    },
    "step": {
      "from": "player",
      "about": "the presenter's keys: the next or the previous step, which the server takes",
      "value": {"type": "integer", "values": [-1, 1]}
    },
    "missing": {
      "from": "player",
      "about": "the id of a part the player lacks; the server sends it only if its last run offered that id",
      "value": {"type": "string", "minLength": 1, "maxLength": "id"}
    }
  },
  "precedence": [
    "The browser owns the year while it moves: a step, a drag, a key, a focus picked or play shows at once and counts a change.",
    "A year and focus from the server are shown only when its ack is at least the player's count of changes (it has seen every change) and the player is not playing; otherwise they echo a view already left, and are ignored.",
    "A settled report is the browser's newest view: the server takes its year and focus, and its seq becomes the ack of every later run.",
    "The URL the visitor opens or goes back to wins on both sides: the player shows its year at once, the server reruns on it.",
    "The server's view of a year (options.view) is shown rather than the year's frame while its year and focus are the ones shown.",
    "A part is sent only when the server's last run offered its id; any other id reported is dropped."
  ]
}
));
