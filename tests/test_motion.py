"""Motion hand-outs: a GIF and an MP4 of the map through the years, drawn as the PNG export draws them."""
import math

import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np
import pytest

from geo import handouts
from geo.figures import map_figure
from geo.handouts import IMAGE_SIZE, RenderError
from geo.formats import FORMATS
from geo.motion import GIF_WIDTH, HOLD_LAST, SPEED_RANGE, VIDEO_FPS, animation, check_speed, frames
from geo.timeline import year_state
from geo.paths import ROOT

SHOTS = ROOT / "tests" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)  # also when the browser tests, which make it, did not run
FIRST, LAST, SPEED = 2014, 2016, 2.0


@pytest.fixture(scope="module")
def gif(data) -> bytes:
    return animation(data, "gif", SPEED, FIRST, LAST)


@pytest.fixture(scope="module")
def mp4(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("motion") / "ties.mp4"
    path.write_bytes(animation(data, "mp4", SPEED, FIRST, LAST))
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    pictures = [np.frombuffer(raw, np.uint8).reshape(IMAGE_SIZE[1], IMAGE_SIZE[0], 3) for raw in reader]
    return meta, pictures


def test_gif_has_a_frame_a_year_at_the_chosen_speed(gif):
    pictures = iio.imread(gif, index=None)
    height = GIF_WIDTH * IMAGE_SIZE[1] // IMAGE_SIZE[0]
    assert pictures.shape == (LAST - FIRST + 1, height, GIF_WIDTH, 3)
    durations = [iio.immeta(gif, index=i)["duration"] for i in range(len(pictures))]
    assert durations == [500, 500, 500 + HOLD_LAST * 1000]
    assert iio.immeta(gif, index=0)["loop"] == 0  # forever
    iio.imwrite(SHOTS / f"motion-gif-{FIRST}.png", pictures[0])


def test_gif_frames_change_with_the_year(gif):
    pictures = iio.imread(gif, index=None).astype(int)
    assert np.abs(pictures[0] - pictures[-1]).mean() > 0.05
    title = (slice(0, 60), slice(0, GIF_WIDTH // 2))  # the year is in the title, top left
    assert (pictures[0][title] != pictures[1][title]).any()


def test_gif_keeps_the_keys_colours_exact(data, gif):
    pictures = iio.imread(gif, index=None)
    for picture, (year, figure) in zip(pictures, frames(data, FIRST, LAST)):
        swatches = {trace["line"]["color"] for trace in figure["data"]
                    if trace.get("x") == [None] and "line" in trace and "legendgroup" not in trace}  # a kind each
        assert len(swatches) >= 4
        pixels = {bytes(pixel) for pixel in picture.reshape(-1, 3)}
        for colour in swatches | {"#FFFFFF"}:
            assert bytes.fromhex(colour.lstrip("#")) in pixels, (year, colour)


def test_mp4_plays_in_browsers_at_the_chosen_speed(mp4):
    meta, pictures = mp4
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert meta["size"] == IMAGE_SIZE and meta["fps"] == VIDEO_FPS
    years = LAST - FIRST + 1
    assert len(pictures) == math.ceil(years / SPEED * VIDEO_FPS) + HOLD_LAST * VIDEO_FPS
    # Each frame shows the year reached at its time: it looks most like the settled last frame of that
    # year's stretch of 1/SPEED seconds (the encoder refines a picture for a few frames after it changes).
    shown = [int(k * SPEED / VIDEO_FPS) for k in range(len(pictures) - round(HOLD_LAST * VIDEO_FPS))]
    shown += [years - 1] * round(HOLD_LAST * VIDEO_FPS)
    settled = [pictures[max(k for k, year in enumerate(shown) if year == i)].astype(int) for i in range(years)]
    nearest = [min(range(years), key=lambda i: np.abs(picture.astype(int) - settled[i]).mean())
               for picture in pictures]
    assert nearest == shown and shown[:VIDEO_FPS + 1] == [0] * 5 + [1] * 5 + [2]
    iio.imwrite(SHOTS / f"motion-mp4-{LAST}.png", pictures[-1])


def test_each_frame_is_the_png_exports_figure_titled_with_its_year(data):
    newest = data.newest_source_date.year
    drawn = list(frames(data, newest - 1, newest + 2))
    assert [year for year, _ in drawn] == list(range(newest - 1, newest + 3))
    for year, figure in drawn:
        assert figure == handouts.year_figure(data, year)
        # The app's map of the year, traces and all; only the legend is laid out for an image.
        assert figure["data"] == map_figure(data, year_state(data, year), scale=handouts.Scale.projector(),
                                            height=IMAGE_SIZE[1])["data"]
        title = figure["layout"]["title"]
        assert f"security ties, {year}" in title["text"]
        assert ("— projection" in title["text"]) == (year > newest)
        # Read from the back of a room even in the smaller GIF: at least 24 px there.
        assert title["font"]["size"] * GIF_WIDTH / IMAGE_SIZE[0] >= 24


def test_projection_years_draw_their_ties_dashed(data):
    newest = data.newest_source_date.year
    _, figure = next(frames(data, newest + 1, newest + 1))
    ties = [trace for trace in figure["data"]  # the links: lines that are neither a country's outline nor a key
            if trace.get("mode") == "lines" and "meta" not in trace and trace.get("showlegend") is False]
    assert ties and {trace["line"]["dash"] for trace in ties} == {"dash", "dot"}  # planned, and the speculative
    legend = {trace.get("name") for trace in figure["data"]}
    assert "Projection (dashed)" in legend


@pytest.mark.parametrize("speed", [0, 0.1, 10.5, -1, float("nan"), "fast", True])
def test_a_bad_speed_is_refused_in_one_line_naming_it(data, speed):
    with pytest.raises(ValueError) as refused:
        animation(data, "gif", speed, FIRST, LAST)
    message = str(refused.value)
    assert repr(speed) in message and "\n" not in message and "years per second" in message


def test_the_speed_range_is_inclusive():
    assert check_speed(SPEED_RANGE[0]) == SPEED_RANGE[0] and check_speed(str(SPEED_RANGE[1])) == SPEED_RANGE[1]


def test_unknown_formats_and_years_are_refused(data):
    with pytest.raises(ValueError, match="'webm' is not one of gif, mp4"):
        animation(data, "webm")
    with pytest.raises(ValueError, match="2016 is after the last year 2014"):
        animation(data, "gif", first=2016, last=2014)
    with pytest.raises(ValueError, match="1990"):
        animation(data, "gif", first=1990)


def test_without_chromium_the_existing_message_says_how_to_enable_it(data, monkeypatch):
    monkeypatch.setattr("geo.handouts.CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(RenderError) as refused:
        animation(data, "gif", first=FIRST, last=LAST)
    assert str(refused.value) == handouts.images_unavailable()


def test_without_ffmpeg_the_mp4_says_so_in_one_line(data, monkeypatch):
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", "/nonexistent/ffmpeg")
    with pytest.raises(RenderError) as refused:
        animation(data, "mp4", first=FIRST, last=LAST)
    assert "ffmpeg" in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("name, mime", [("gif", "image/gif"), ("mp4", "video/mp4")])
def test_the_animations_are_export_formats_that_take_a_speed(data, name, mime):
    fmt = FORMATS[name]
    assert (fmt.mime, fmt.file_name(data, 2016), fmt.options) == (mime, f"uzbekistan-security-ties-1991-2030.{name}",
                                                           ("years_per_second", "shown"))
