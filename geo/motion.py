"""Motion hand-outs: the map through the years as an animated GIF or an MP4 video, made offline.

A GIF drops into an e-mail or a slide and plays anywhere; an MP4 (H.264, yuv420p) is sharper and
plays in browsers and PowerPoint. Every frame is the year's figure the PNG export draws, drawn the
same way (`handouts.year_figure` and `handouts.draw`: titled with the year, projection years styled
as projections), so a moving hand-out never disagrees with the stills.
"""
from __future__ import annotations

import math
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geo.dataset import Dataset
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.filters import EVERY_TIE, TieFilter
from geo.handouts import IMAGE_SIZE, RenderError, draw, year_figure
from geo.timeline import check_year

CONTAINERS = ("gif", "mp4")
DEFAULT_SPEED = 1.0  # years per second
SPEED_RANGE = (0.25, 10.0)
HOLD_LAST = 2.0  # extra seconds on the last year, so a loop does not snap straight back
GIF_WIDTH = 960  # a GIF of full-size frames runs to tens of megabytes; the year title stays legible at this width
VIDEO_FPS = 10  # the video's own rate: whole frames per year at any allowed speed up to 10, and smooth enough


def check_speed(years_per_second: float) -> float:
    """The speed as a float, or ValueError naming the bad value."""
    low, high = SPEED_RANGE
    try:
        speed = float(years_per_second)
    except (TypeError, ValueError):
        speed = math.nan
    if isinstance(years_per_second, bool) or not low <= speed <= high:  # nan fails the comparison too
        raise ValueError(f"speed {years_per_second!r} is not between {low:g} and {high:g} years per second")
    return speed


def frames(data: Dataset, first: int = FIRST_YEAR, last: int = LAST_YEAR,
           shown: TieFilter = EVERY_TIE) -> Iterator[tuple[int, dict]]:
    """(year, figure) for each frame, in order: the figures `animation` draws."""
    check_year(first)
    check_year(last)
    if first > last:
        raise ValueError(f"the first year {first} is after the last year {last}")
    for year in range(first, last + 1):
        yield year, year_figure(data, year, shown=shown)


def animation(data: Dataset, fmt: str, years_per_second: float = DEFAULT_SPEED, first: int = FIRST_YEAR,
              last: int = LAST_YEAR, shown: TieFilter = EVERY_TIE) -> bytes:
    """The map from `first` to `last`, one year after another, as GIF or MP4 bytes (see CONTAINERS).

    GIF frames are GIF_WIDTH wide, MP4 frames the PNG export's full IMAGE_SIZE. The last year is held
    HOLD_LAST seconds longer; a GIF loops forever. Raises ValueError for an unknown format, a speed
    outside SPEED_RANGE or years out of range, and RenderError when Chromium or ffmpeg is missing or
    a frame cannot be drawn; every message is one line.
    """
    if fmt not in CONTAINERS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(CONTAINERS)}")
    speed = check_speed(years_per_second)
    figures = list(frames(data, first, last, shown))
    if fmt == "mp4":
        _need_ffmpeg()  # before the half minute of drawing, not after it
    scale = GIF_WIDTH / IMAGE_SIZE[0] if fmt == "gif" else 1.0
    pngs = draw([figure for _, figure in figures], "png", scale)
    if fmt == "gif":
        return _gif(pngs, speed)
    return _mp4(pngs, speed)


def _need_ffmpeg() -> None:
    try:
        import imageio_ffmpeg

        imageio_ffmpeg.get_ffmpeg_version()  # runs it: IMAGEIO_FFMPEG_EXE is taken on trust otherwise
    except (ImportError, RuntimeError, OSError, subprocess.SubprocessError) as exc:
        raise RenderError(f"MP4 export needs ffmpeg, which was not found: {str(exc).splitlines()[0][:200]} "
                          "(`pip install imageio-ffmpeg` bundles it)") from None


def _rgb(png: bytes):
    import imageio.v3 as iio

    return iio.imread(png)[..., :3]  # kaleido's PNG is opaque; GIF and H.264 take no alpha


def _gif(pngs: list[bytes], speed: float) -> bytes:
    import imageio.v3 as iio

    step = 1000 / speed  # milliseconds a year
    durations = [step] * len(pngs)
    durations[-1] += HOLD_LAST * 1000
    return iio.imwrite("<bytes>", [_gif_colours(_rgb(png)) for png in pngs], extension=".gif", plugin="pillow",
                       duration=durations, loop=0)


def _gif_colours(picture):
    """The frame in at most 256 colours, the styles' own among them.

    A GIF has 256 colours a frame. Left to itself the quantizer spends them on the hatching and
    the blends of the map's large areas, and a legend swatch of a few pixels takes the nearest
    colour left: the orange of military partnership came out mustard. Reserving the styles'
    colours keeps every legend line and tie true to the key; with ≤256 colours in the frame,
    the GIF writer then keeps them exactly.
    """
    import numpy as np
    from PIL import Image

    from geo.styles import BORDER, EVENT, HOME_FILL, INK, KIND_STYLE, LAND, MUTED, WATER

    reserved = list(dict.fromkeys(
        bytes.fromhex(colour.lstrip("#")) for colour in
        [*(style.colour for style in KIND_STYLE.values()), INK, MUTED, EVENT, LAND, WATER, HOME_FILL, BORDER]))
    image = Image.fromarray(picture)
    adaptive = image.quantize(256 - len(reserved), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = Image.new("P", (1, 1))
    palette.putpalette(bytes(adaptive.getpalette()[:3 * (256 - len(reserved))]) + b"".join(reserved))
    reduced = np.array(image.quantize(palette=palette, dither=Image.Dither.NONE).convert("RGB"))
    # Pillow's mapping onto a palette is approximate (white came out 253,253,252): a pixel already
    # of a reserved colour keeps it.
    keys = picture.astype(np.int32) @ np.array([1 << 16, 1 << 8, 1], np.int32)
    exact = np.isin(keys, [int.from_bytes(colour, "big") for colour in reserved])
    reduced[exact] = picture[exact]
    return reduced


def _mp4(pngs: list[bytes], speed: float) -> bytes:
    import imageio_ffmpeg

    width, height = IMAGE_SIZE  # both even, as yuv420p needs
    # A constant VIDEO_FPS rather than one frame a year: players and PowerPoint balk at rates below 1 fps.
    # Output frame k shows the year reached at k / VIDEO_FPS seconds, so any speed keeps its timing.
    years = len(pngs)
    total = math.ceil(years / speed * VIDEO_FPS) + round(HOLD_LAST * VIDEO_FPS)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "motion.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(target), (width, height), fps=VIDEO_FPS, codec="libx264", pix_fmt_out="yuv420p",
            macro_block_size=2, quality=None, output_params=["-crf", "20", "-movflags", "+faststart"])
        try:
            writer.send(None)
            shown, frame = -1, None
            for k in range(total):
                index = min(int(k * speed / VIDEO_FPS), years - 1)
                if index != shown:
                    shown, frame = index, _rgb(pngs[index]).tobytes()
                writer.send(frame)
            writer.close()
        except (OSError, RuntimeError) as exc:
            raise RenderError(f"ffmpeg could not write the MP4: {str(exc).splitlines()[0][:200]}") from None
        return target.read_bytes()
