"""The player's parts (static/player/) under Node: their unit tests (tests/js, Node's own runner), and
their running in the order the app and the offline files run them."""
import json
import subprocess

from geo.paths import PLAYER_PARTS, ROOT, STATIC


def test_the_players_unit_tests_pass(node):
    done = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_every_part_runs_in_order_and_defines_itself(node):
    assert sorted(PLAYER_PARTS) == sorted((STATIC / "player").glob("*.js"))  # no part left out of the order
    done = subprocess.run([node, "tests/js/load_parts.js", *map(str, PLAYER_PARTS)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [part.stem for part in PLAYER_PARTS]


def test_a_part_run_before_what_it_needs_defines_nothing(node):
    """So the map component's loader, finding it undefined, runs it again once the parts before it have run."""
    done = subprocess.run([node, "tests/js/load_parts.js", str(PLAYER_PARTS[0]), str(STATIC / "player" / "sync.js")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "the player's part sync needs contract first" in done.stderr
