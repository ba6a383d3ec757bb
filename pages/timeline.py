"""Timeline: when each tie began and ended, how sure the dates are, and the quotes behind a bar."""
import streamlit as st

from geo import safe
from geo.charts import year_marks
from geo.panels import STYLE, relation_card
from geo.timeline import exercise_count_line, exercises_by_partner
from pages import cache, menu, urlstate
from pages.charts import chart

data = cache.data_or_stop()
titles = {r.id: r.title for r in data.relations}


@st.fragment
def the_year() -> None:
    """The chart and the tie's quotes, rerun alone when the slider moves; the menu's links follow it."""
    year = urlstate.year_slider(data, "timeline")
    selected = urlstate.choice_param("focus", titles, None, "tie")

    clicked = chart(cache.cached_timeline(data.focus, selected), key="timeline", marks=year_marks(data, year),
                    clicks=True)
    if clicked and clicked[0] in titles and clicked[0] != selected:
        st.query_params["focus"] = clicked[0]
        st.rerun()

    urlstate.url_select("Show the quotes of", "focus", [None, *titles], selected,
                        lambda i: "—" if i is None else titles[i])
    if selected:
        st.html(STYLE + relation_card(data, data.relation(selected), cache.status_in(data.focus, year, selected), year,
                                      focused=True))
    else:
        st.caption("Click a bar, or pick a tie above, to read the passages behind it.")
    menu.draw_links()


the_year()
exercises = exercises_by_partner(data)
if exercises:
    with st.expander(f"Military exercises (MME) per partner and year: {len(exercises)} partners"):
        st.markdown("\n".join(f"- {safe.markdown(exercise_count_line(data, code, years))}"
                              for code, years in exercises.items()))
