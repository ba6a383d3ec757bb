"""A visitor that speaks Streamlit's own WebSocket protocol, as the browser does, without a browser.

The browser loads the page, opens `/_stcore/stream` and sends BackMsg protobufs (streamlit.proto, the
installed release's own): a `rerun_script` carrying the URL's query string and page, and on every
widget change the widgets' states. The server answers with ForwardMsgs: `new_session` when a run
starts, `navigation`, `page_info_changed` (the URL's query string), a `delta` per element, and
`script_finished`. A widget drawn inside an `st.fragment` reruns that fragment alone: its elements
are replaced, the rest of the page stays. A `Visit` does the same, so the server does the work a browser's visit causes,
while the visitor costs the machine next to nothing. (A step sends the slider's state alone; a
browser would also resend the other widgets' unchanged states.)
Used by the crowd test, the test of the nginx recipe and `make load`.
"""
from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Block_pb2 import Block
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
from streamlit.proto.Navigation_pb2 import Navigation
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

RUN_TIMEOUT = 120.0  # seconds a run may take before the visit counts it as failed
MAP_KEYS = ("atlas-map", "briefing-map")  # the keys the map component is drawn with (pages/map.py, briefing.py)


class VisitFailed(Exception):
    pass


@dataclass
class Run:
    """What the server sent for one request, up to the end of its last script run (after any st.rerun)."""
    seconds: float
    page_hash: str = ""
    navigation: Navigation | None = None
    elements: list = field(default_factory=list)  # Element protos on the page after the run, in page order
    fragments: dict = field(default_factory=dict)  # a widget's or component's id -> the fragment that drew it
    blocks: list = field(default_factory=list)  # Block protos (containers, expanders) on the page after the run
    rerun: tuple = ()  # the fragments the last run reran alone; empty for a run of the whole page

    def of_kind(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def exceptions(self) -> list[str]:
        return [f"{e.type}: {e.message}" for e in self.of_kind("exception")]

    def menu(self) -> list[str]:
        """The labels of the page links drawn by the run (the app's own menu)."""
        return [link.label for link in self.of_kind("page_link")]

    def page_path(self) -> str | None:
        """The URL path of the page that ran, as navigation names it ("" for the home page)."""
        pages = self.navigation.app_pages if self.navigation else []
        return next((p.url_pathname for p in pages if p.page_script_hash == self.page_hash), None)

    def inputs(self) -> list[str]:
        """Every id the browser sends a state under on this page: each widget's, each keyed container's
        (an expander that reruns when opened) and each component's reports."""
        ids = [_element_id(e) for e in self.elements] + [_block_id(b) for b in self.blocks]
        ids += [_events_id(c.id) for c in self.of_kind("bidi_component")]
        return [i for i in ids if i]

    def text(self) -> str:
        """Every markdown, heading, alert, caption and HTML string, and the bytes sent to components."""
        parts = [e.body for kind in ("markdown", "alert") for e in self.of_kind(kind)]
        parts += [e.body for e in self.of_kind("heading")] + [e.body for e in self.of_kind("html")]
        parts += [e.bytes.decode(errors="replace") for e in self.of_kind("bidi_component")]
        return "\n".join(parts)


class Visit:
    """One visitor's session: `await Visit.open(base, "/countries?year=2016")`, then step and switch."""

    def __init__(self, socket, cookie: str | None):
        self._socket = socket
        self.cookie = cookie
        self.upgrade_headers = socket.response.headers  # the server's (or proxy's) answer to the upgrade
        self.query = ""
        self.page_hash = ""
        self.navigation: Navigation | None = None
        self.last: Run | None = None
        self.settled = 0  # the map's count of settled changes, as the browser's player keeps it
        self._page: dict[tuple, tuple] = {}  # delta path -> (element, fragment id), what the browser shows
        self._parts: set[str] = set()  # the map's parts the browser keeps (pages/atlas_map.js)

    @classmethod
    async def open(cls, base: str, path: str = "/") -> tuple["Visit", Run]:
        """Load the page over HTTP as a browser would (keeping any cookie a proxy sets), open the
        WebSocket and ask for the first run of the page at `path` (with its query string)."""
        parts = urlsplit(path)
        cookie = await asyncio.to_thread(_page_cookie, base + path)
        ws_base = "ws" + base.removeprefix("http")
        headers = {"Cookie": cookie} if cookie else {}
        socket = await connect(f"{ws_base}/_stcore/stream", subprotocols=["streamlit"], origin=base,
                               additional_headers=headers, max_size=None, open_timeout=RUN_TIMEOUT)
        visit = cls(socket, cookie)
        visit.query = parts.query
        run = await visit._map_parts(await visit._request(page_name=parts.path.strip("/")))
        return visit, run

    async def _map_parts(self, run: Run) -> Run:
        """As the map component does once it has drawn the first year: keep the parts it was sent, and
        ask for what it lacks (every year's layers and panels, or a part a new page load lost)."""
        for _ in range(3):
            found = next((c for c in run.of_kind("bidi_component") for key in MAP_KEYS if c.id.endswith(f"-{key}")),
                         None)
            if found is None:
                return run
            data = json.loads(found.bytes)
            self._parts.update(data[f"{part}_id"] for part in ("base", "frames", "panels") if part in data)
            lacking = next((data[f"{part}_id"] for part in ("base", "panels", "frames")
                            if data.get(f"{part}_id") and data[f"{part}_id"] not in self._parts), None)
            if lacking is None:
                return run
            key = next(key for key in MAP_KEYS if found.id.endswith(f"-{key}"))
            run = await self.report(key, "missing", lacking)
        return run

    async def step_year(self, year: int) -> Run:
        """Move the page's year to `year` as the browser does: on the map (and the briefing), the map's
        own control moves it in the browser and reports where it settled; on the other pages, a rerun
        carries the year slider's new state. VisitFailed if the page has neither, or the year did not move."""
        components = self.last.of_kind("bidi_component") if self.last else []
        on_map = next((key for key in MAP_KEYS if any(c.id.endswith(f"-{key}") for c in components)), None)
        if on_map:
            self.settled += 1
            run = await self.report(on_map, "settled", {"year": year, "focus": None, "seq": self.settled})
        else:
            slider = next((s for s in self.last.of_kind("slider") if s.label == "Year"), None) if self.last else None
            if slider is None:
                raise VisitFailed("no year control on the page")
            state = WidgetState(id=slider.id)
            state.double_array_value.data.append(year)
            run = await self.send_states([state])
        if f"year={year}" not in self.query.split("&"):
            raise VisitFailed(f"the year did not move to {year} (the URL says {self.query})")
        return run

    async def report(self, key: str, event: str, value: object, raw: str | None = None) -> Run:
        """What a component in the browser tells the server (the map's settled year, a part it lacks),
        as the browser sends it: the event and its value, JSON, in the state of the events of the
        component drawn with `key`, on a rerun of the page shown. `raw` sends that state's text as it
        is, for what no browser would send."""
        found = next((c for c in self.last.of_kind("bidi_component") if c.id.endswith(f"-{key}")),
                     None) if self.last else None
        if found is None:
            raise VisitFailed(f"no component {key!r} on the page")
        value = raw if raw is not None else json.dumps([{"event": event, "value": value}])
        return await self.send_states([WidgetState(id=_events_id(found.id), json_trigger_value=value)])

    async def send_states(self, states: list[WidgetState], whole_page: bool = False) -> Run:
        """A rerun of the page shown carrying `states`, as the browser sends a widget's change: of the
        fragment that drew the first state's widget, if one did, unless `whole_page`."""
        message = BackMsg()
        message.rerun_script.page_script_hash = self.page_hash
        if states and self.last and not whole_page:
            message.rerun_script.fragment_id = self.last.fragments.get(states[0].id, "")
        message.rerun_script.widget_states.widgets.extend(states)
        return await self._send(message)

    async def switch_page(self, url_path: str) -> Run:
        """Follow the app's menu link to the page at `url_path` ("" for home), with the query it carries."""
        pages = self.navigation.app_pages if self.navigation else []
        target = next((p for p in pages if p.url_pathname == url_path), None)
        links = self.last.of_kind("page_link") if self.last else []
        link = next((l for l in links if target and l.page_script_hash == target.page_script_hash), None)
        if link is None:
            raise VisitFailed(f"no menu link to the page {url_path!r}")
        self.query = link.query_string
        return await self._map_parts(await self._request(page_hash=link.page_script_hash))

    async def close(self) -> None:
        await self._socket.close()

    async def _request(self, page_name: str = "", page_hash: str = "") -> Run:
        message = BackMsg()
        message.rerun_script.page_name = page_name
        message.rerun_script.page_script_hash = page_hash
        return await self._send(message)

    async def _send(self, message: BackMsg) -> Run:
        message.rerun_script.query_string = self.query
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        run = await asyncio.wait_for(self._until_finished(started), RUN_TIMEOUT)
        self.last = run
        return run

    async def _until_finished(self, started: float) -> Run:
        run = Run(seconds=0.0, page_hash=self.page_hash, navigation=self.navigation)
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._socket.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":  # a run begins: what it reruns (the page, or fragments) is replaced
                run.rerun = tuple(message.metadata.run.fragment_ids)
                self._page = {path: drawn for path, drawn in self._page.items()
                              if run.rerun and drawn[1] not in run.rerun}
                run.page_hash = self.page_hash = message.new_session.page_script_hash
            elif kind == "navigation":
                run.navigation = self.navigation = message.navigation
                run.page_hash = self.page_hash = message.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") in ("new_element", "add_block"):
                drawn = getattr(message.delta, message.delta.WhichOneof("type"))
                self._page[tuple(message.metadata.delta_path)] = (drawn, message.delta.fragment_id)
            elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise VisitFailed("the script did not compile")
                run.seconds = time.perf_counter() - started
                shown = [self._page[path] for path in sorted(self._page)]
                run.elements = [drawn for drawn, _ in shown if isinstance(drawn, Element)]
                run.blocks = [drawn for drawn, _ in shown if isinstance(drawn, Block)]
                run.fragments = {_element_id(drawn) if isinstance(drawn, Element) else _block_id(drawn): fragment
                                 for drawn, fragment in shown if fragment}
                run.fragments |= {_events_id(c.id): run.fragments[c.id] for c in run.of_kind("bidi_component")
                                  if c.id in run.fragments}
                run.fragments.pop("", None)  # elements without an id
                return run


def _element_id(element: Element) -> str:
    """A widget's or component's id; "" for an element that has none."""
    inner = getattr(element, element.WhichOneof("type"))
    return getattr(inner, "id", "")


def _block_id(block: Block) -> str:
    """A keyed container's widget id ("" for a container the browser sends nothing for)."""
    kind = block.WhichOneof("type")
    return getattr(getattr(block, kind), "id", "") if kind else ""


def _events_id(component_id: str) -> str:
    """The id of the state a component's reports travel in (Streamlit's components v2)."""
    return f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{component_id}{EVENT_DELIM}events"


def in_own_event_loop(coroutine):
    """Run visits from code that may already have an event loop running in its thread (the browser
    tests' Playwright keeps one for the whole test session): in a thread of their own."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _page_cookie(url: str) -> str | None:
    """GET the page; return the cookie its response sets (a proxy's routing cookie), if any."""
    with urllib.request.urlopen(url, timeout=RUN_TIMEOUT) as response:
        response.read()
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies) or None
