"""The app's own CSS, over Streamlit's: in one place, so a page states which look it wants."""
import streamlit as st


def page_style() -> None:
    """Every page: captions dark enough to read (Streamlit's grey fails WCAG contrast), focus visible
    everywhere, and less padding around the page."""
    st.html("<style>.block-container{padding-top:1.2rem;padding-bottom:1rem}"
            "[data-testid=stCaptionContainer],[data-testid=stCaptionContainer] p{color:#595959 !important;opacity:1 !important}"
            ":focus-visible{outline:3px solid #e0b000 !important;outline-offset:2px}</style>")


def presentation_style() -> None:
    """Projector mode: no Streamlit chrome, the page filling a 16:9 screen, large type (a story's step brings
    its own: geo.stories.STEP_STYLE)."""
    st.html("""<style>
header[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stSidebar],
[data-testid=stTopNavigation], nav, footer, .st-key-atlas-menu {display:none !important}
.block-container{padding:1rem 1.5rem 0 !important;max-width:100% !important}
.atlas-bar{font-size:1.3rem !important}
.atlas-legend{font-size:1.2rem !important}
a.atlas-leave{color:#595959;font-size:.9rem}
.stButton button p{font-size:1.35rem}
</style>""")
