"""The archived text in which the editor selects a passage with the mouse: the selection is sent back
as it stands in the page's text, so a quote is the archived text's own words by construction."""
import streamlit as st

from geo.sourceview import STYLE

_passage = st.components.v2.component("atlas_passage", isolate_styles=False, js="""
export default function ({ data: bytes, parentElement, setTriggerValue }) {
  const html = new TextDecoder().decode(bytes);
  let box = parentElement.querySelector(".atlas-passage");
  if (!box) {
    box = document.createElement("div");
    box.className = "atlas-passage";
    parentElement.appendChild(box);
    const report = () => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      const range = selection.getRangeAt(0);
      const text = box.querySelector(".atlas-source");
      if (!text || !text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
      // The range's own characters, not the selection as laid out: the archived text, byte for byte.
      const chosen = range.toString();
      if (chosen.trim() && chosen !== box.__sent) { box.__sent = chosen; setTriggerValue("selected", chosen); }
    };
    box.addEventListener("mouseup", report);
    box.addEventListener("keyup", report);
  }
  if (box.__html !== html) { box.innerHTML = html; box.__html = html; box.__sent = undefined; }
}
""")

SCROLLING = "<style>.atlas-passage .atlas-source{max-height:26rem;overflow-y:auto}</style>"


def passage_picker(source_html: str, key: str, on_select) -> None:
    """Show `source_html` (geo.sourceview's, already escaped); `on_select(text)` runs with each passage selected."""
    _passage(data=(STYLE + SCROLLING + source_html).encode(), key=key,
             on_selected_change=lambda: _selected(key, on_select))


def _selected(key: str, on_select) -> None:
    chosen = st.session_state[key].selected
    if isinstance(chosen, str) and chosen.strip():  # anything else a client sends is dropped
        on_select(chosen)
