"""A briefing room opening the link at once: many first visits at a freshly started server, across
every page, each spoken through Streamlit's own protocol (bench/protocol.py) so that no browser
competes with the server for the machine. Every visit must get the page its link names, the app's
own menu, and no exception."""
import asyncio

import pytest

from deploy.live_server import serving
from bench.protocol import Visit, in_own_event_loop

CROWD = 35
MENU = ["Map", "Timeline", "Sources", "Countries", "Fergana Valley", "Codebook & method", "Briefing"]
PAGE_PATHS = {"", "timeline", "sources", "countries", "fergana", "codebook", "briefing"}
# link, the page's URL path, words only that page shows
LINKS = [
    ("/?year=2016", "", "ties, 2016"),
    ("/timeline?year=2005", "timeline", "Click a bar, or pick a tie above"),
    ("/sources", "sources", "Full text, as archived"),
    ("/countries?country=KAZ&year=2024", "countries", "Ties with Kazakhstan"),
    ("/fergana?year=2016", "fergana", "Points are the provinces' centres"),
    ("/codebook", "codebook", "Codebook & method"),
    ("/briefing?year=2005", "briefing", "Key moment"),
]


@pytest.fixture
def fresh_server(tmp_path):
    with serving(tmp_path) as (url, _process):
        yield url


async def first_visits(url: str, links: list[str]):
    async def visit(link: str):
        session, run = await Visit.open(url, link)
        await session.close()
        return run
    return await asyncio.gather(*(visit(link) for link in links))


def problems_of(link: str, path: str, words: str, run) -> list[str]:
    found = [f"{link}: exception {e}" for e in run.exceptions()]
    if run.page_path() != path:
        found.append(f"{link}: opened the page {run.page_path()!r}")
    if run.menu() != MENU:
        found.append(f"{link}: menu {run.menu()}")
    pages = {p.url_pathname for p in run.navigation.app_pages} if run.navigation else set()
    if pages != PAGE_PATHS:
        found.append(f"{link}: navigation lists {sorted(pages)}")
    if words not in run.text():
        found.append(f"{link}: no {words!r}")
    return found


def test_a_room_opening_links_at_once_gets_every_page_whole(fresh_server):
    crowd = [LINKS[i % len(LINKS)] for i in range(CROWD)]
    runs = in_own_event_loop(first_visits(fresh_server, [link for link, _path, _words in crowd]))
    problems = [p for (link, path, words), run in zip(crowd, runs) for p in problems_of(link, path, words, run)]
    assert not problems, f"{len(problems)} problems in {CROWD} first visits:\n" + "\n".join(problems)
