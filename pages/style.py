"""The app's own CSS, over Streamlit's: in one place, so a page states which look it wants."""
import streamlit as st


def page_style() -> None:
    """Every page: captions dark enough to read (Streamlit's grey fails WCAG contrast), focus visible
    everywhere, and less padding around the page."""
    st.html("<style>.block-container{padding-top:1.2rem;padding-bottom:1rem}"
            "[data-testid=stCaptionContainer],[data-testid=stCaptionContainer] p{color:#595959 !important;opacity:1 !important}"
            ":focus-visible{outline:3px solid #e0b000 !important;outline-offset:2px}</style>")


def presentation_style() -> None:
    """Projector mode: no Streamlit chrome, the page filling a 16:9 screen, large type."""
    st.html("""<style>
header[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stSidebar],
[data-testid=stTopNavigation], nav, footer, .st-key-atlas-menu {display:none !important}
.block-container{padding:1rem 1.5rem 0 !important;max-width:100% !important}
.atlas-moment h2{font-size:3.2rem;margin:.2rem 0}
.atlas-moment .atlas-caption{font-size:1.7rem;line-height:1.35;font-weight:600}
.atlas-moment blockquote.atlas-quote{font-size:1.45rem;line-height:1.45}
.atlas-moment .atlas-cite{font-size:1.05rem}
.atlas-projection{font-size:1.2rem;color:#8a4b00}
.atlas-bar{font-size:1.3rem !important}
.atlas-legend{font-size:1.2rem !important}
a.atlas-leave{color:#595959;font-size:.9rem}
.stButton button p{font-size:1.35rem}
</style>""")
