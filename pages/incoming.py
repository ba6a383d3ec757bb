"""What a browser sends the server, checked where it arrives, before Streamlit keeps or reads any of it.

A rerun request carries the states of the page's widgets and components' reports. Streamlit keeps a
state as it came and reads it when the widget is next drawn, so a state it cannot read (JSON nested
100,000 deep, an option a multiselect never offered) raised in that run and every later run of the
session. A browser's rerun request fits a contract: each state is for a widget this session drew, of
the kind that widget keeps, small, shallow, finite, and one the widget reads and writes back. A
state that does not fit is dropped, with a line in the server's log; the rest of the request runs as
usual. An address (query string) or browser context far longer than a browser's is dropped too, so
what a session keeps of what it is sent is bounded.

check_every_rerun() installs the check on every session of the process, as the server starts
(pages/startup.py begin()).
"""
from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.state.common import WidgetMetadata, unpack_widget_state_value
from streamlit.runtime.state.session_state import SessionState, WStates

# The largest state the app's widgets and components send is a settled year or a part's id, well
# under a kilobyte; a multiselect of every option is a few.
MAX_STATE_BYTES = 64 * 1024
MAX_JSON_DEPTH = 16
# Where the browser says where it is (its URL, time zone, locale): kept by the session for its life.
MAX_CONTEXT_BYTES = 8 * 1024
# The page's address carries a few short values; browsers and proxies refuse far shorter URLs.
MAX_QUERY_CHARACTERS = 64 * 1024
# Reading a chat input's state takes its uploaded files out of the session: it can be read once only.
READ_ONCE = frozenset({"chat_input_value"})
JSON_KINDS = frozenset({"json_value", "json_trigger_value"})

_LOGGER = logging.getLogger(__name__)


class Unfit(ValueError):
    pass


def _no_constant(name: str) -> float:
    raise Unfit(f"JSON has no {name}")


def _depth(value: object) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_json(text: str) -> None:
    """Unfit unless `text` is JSON as a browser's JSON.stringify writes it, at most MAX_JSON_DEPTH deep."""
    if not text:
        return  # an unset trigger: Streamlit's own value for "no event"
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise Unfit(f"not JSON: {str(error)[:80]}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise Unfit(f"JSON deeper than {MAX_JSON_DEPTH}")


def check_state(state: WidgetState, metadata: WidgetMetadata | None) -> None:
    """Unfit unless `state` fits the widget the session registered under its id."""
    if metadata is None:
        raise Unfit("no such widget in this session")
    kind = state.WhichOneof("value")
    if kind != metadata.value_type:
        raise Unfit(f"{kind} for a widget that keeps {metadata.value_type}")
    if state.ByteSize() > MAX_STATE_BYTES:
        raise Unfit(f"{state.ByteSize()} bytes")
    if kind == "double_value" and not math.isfinite(state.double_value):
        raise Unfit("not a finite number")
    if kind == "double_array_value" and not all(map(math.isfinite, state.double_array_value.data)):
        raise Unfit("not finite numbers")
    if kind in JSON_KINDS:
        check_json(getattr(state, kind))
    if kind not in READ_ONCE:
        # Read as the widget reads it, then written back as Streamlit writes it for the next run: a
        # multiselect reads an option it never offered, and only writing it back fails.
        scratch = WStates(widget_metadata={state.id: metadata})
        try:
            scratch.set_from_value(state.id, metadata.deserializer(unpack_widget_state_value(state)))
            scratch.get_serialized(state.id)
        except Exception as error:  # whatever the widget's own reading raises on it, it is not that widget's
            raise Unfit(f"{type(error).__name__}: {str(error)[:80]}") from None


def fitting(message: BackMsg, registered: Callable[[str], WidgetMetadata | None]) -> None:
    """Drop from a rerun request what does not fit the contract (`registered`: a widget id's metadata)."""
    if message.WhichOneof("type") != "rerun_script":
        return
    request = message.rerun_script
    if (size := len(request.query_string)) > MAX_QUERY_CHARACTERS:
        request.query_string = ""
        _LOGGER.info("dropped a query string of %d characters", size)
    if (size := request.context_info.ByteSize()) > MAX_CONTEXT_BYTES:
        request.ClearField("context_info")
        _LOGGER.info("dropped a browser context of %d bytes", size)
    kept = []
    for state in request.widget_states.widgets:
        try:
            check_state(state, registered(state.id))
            kept.append(state)
        except Unfit as why:
            _LOGGER.info("dropped the state sent for %.120r: %s", state.id, why)
    if len(kept) < len(request.widget_states.widgets):
        del request.widget_states.widgets[:]
        request.widget_states.widgets.extend(kept)


def check_every_rerun() -> None:
    """Check each browser message of every session (called once a process)."""
    handle = AppSession.handle_backmsg

    def checked(session: AppSession, message: BackMsg) -> None:
        state: SessionState = session._session_state
        fitting(message, state._new_widget_state.widget_metadata.get)
        handle(session, message)

    AppSession.handle_backmsg = checked
