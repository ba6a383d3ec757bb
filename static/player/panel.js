// The side panel and the table: the quoted cards of the year shown (or of the tie in focus), the
// heading, the map as a table, and the focus picker, laid out once the year rests.
(typeof window === "undefined" ? require("./define.js")(module) : window.AtlasPlayer.define)("panel", ["layout"], (layout) => {
  "use strict";

  const esc = layout.esc;
  const PANEL_MS = 90;  // the panel waits this long for the year to rest

  // The tie in focus if the year's entry still has it.
  function keptFocus(entry, focus) {
    return focus && entry.ties.some((tie) => tie[0] === focus) ? focus : null;
  }

  // The tie in focus, if the year's entry still has it, and the cards shown: the tie's alone, or the
  // lead cards, every tie's and the events'.
  function panelCards(entry, focus) {
    const kept = keptFocus(entry, focus);
    const cards = kept ? entry.ties.filter((tie) => tie[0] === kept).map((tie) => tie[2])
      : (entry.lead || []).concat(entry.ties.map((tie) => tie[2]), entry.events);
    return { focus: kept, cards };
  }

  // The year's ties as the rows of an accessible table, every cell escaped.
  function tableHtml(entry) {
    return `<caption class="atlas-sr">${esc(entry.heading)}</caption><thead><tr><th scope="col">Tie</th>` +
      '<th scope="col">With</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Dates</th></tr></thead>' +
      "<tbody>" + entry.ties.map((tie) => `<tr><th scope="row">${esc(tie[1])}</th>` +
        tie.slice(3).map((cell) => `<td>${esc(cell)}</td>`).join("") + "</tr>").join("") + "</tbody>";
  }

  class Panel {
    // The focus a change to `year` keeps: decided with the change, not when the panel is next laid
    // out, so the URL written and the year reported never name a tie the year no longer has. Before
    // the year's panel has come, the focus is kept as it is.
    focusIn(year, focus) {
      const entry = this.options.panels && this.options.panels.years[year];
      return entry ? keptFocus(entry, focus) : focus;
    }

    panelSoon() {
      clearTimeout(this.panelTimer);
      this.panelTimer = setTimeout(() => {
        if (!this.playing) this.showPanel(this.year);
      }, PANEL_MS);
    }

    showPanel(year) {
      const panels = this.options.panels;
      // Stepped before every year's panels have come (the first paint brings its own year's alone): the
      // panel waits for the server's answer to the step, which shows the year again.
      const entry = panels && this.panel && panels.years[year];
      if (!entry) return;
      const { focus, cards } = panelCards(entry, this.focus);
      this.focus = focus;
      const key = `${year}|${this.focus}`;
      if (this.panelKey === key) return;
      this.panelKey = key;
      this.heading.textContent = entry.heading;
      this.table.innerHTML = tableHtml(entry);
      this.panel.innerHTML = cards.length ? cards.map((card) => panels.cards[card].split(panels.slot).join(year)).join("")
        : panels.empty;
      if (this.focus) {
        const card = this.panel.querySelector(`[id="${CSS.escape(this.focus)}"]`);
        if (card) card.classList.add("focus");
      }
      if (this.focusSelect) {
        this.focusSelect.innerHTML = '<option value="">All ties</option>' + entry.ties.map((tie) =>
          `<option value="${esc(tie[0])}"${tie[0] === this.focus ? " selected" : ""}>${esc(tie[1])}</option>`).join("");
        this.focusSelect.disabled = entry.ties.length === 0;
      }
    }
  }

  return { keptFocus, panelCards, tableHtml, Panel };
});
