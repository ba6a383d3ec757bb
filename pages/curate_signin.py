"""Signing in to the curation server: no editing form is drawn until an editor named in the local
editors file (geo.editors) has given their password in this session."""
import streamlit as st

from geo import editors
from geo.safe import markdown

EDITOR = "curate-editor"


def _sign_out() -> None:
    st.session_state.pop(EDITOR, None)


def signed_in_editor() -> str:
    """The signed-in editor's name; otherwise the sign-in form is drawn and the run stops here."""
    if EDITOR in st.session_state:
        return st.session_state[EDITOR]
    path = editors.config_path()
    st.title("Alliance Atlas — curation")
    try:
        editors.read(path)
    except editors.EditorsError as exc:
        st.error(markdown(str(exc)))
        st.stop()
    with st.form("curate-sign-in"):
        st.write("Sign in to add sources and ties to the record.")
        name = st.text_input("Name", key="curate-name")
        password = st.text_input("Password", type="password", key="curate-password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            editor = editors.sign_in(path, name, password)
        except editors.EditorsError as exc:
            st.error(markdown(str(exc)))
            st.stop()
        if editor is None:
            st.error("Wrong name or password.")
        else:
            st.session_state[EDITOR] = editor
            st.rerun()
    st.stop()


def sign_out_button() -> None:
    with st.sidebar:
        st.write(f"Signed in as **{markdown(st.session_state[EDITOR])}**: every change you save is logged "
                 "under this name.")
        st.button("Sign out", on_click=_sign_out, key="curate-sign-out")
