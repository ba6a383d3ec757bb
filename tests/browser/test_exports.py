"""The map page's export panel in the browser: the animation a visitor downloads plays every year."""
import imageio.v3 as iio
from playwright.sync_api import expect

from conftest import SCREENSHOTS, open_map, wait_for_app


def test_the_gif_downloaded_from_the_map_page_plays_every_year_at_the_speed_picked(page, app_url, tmp_path):
    open_map(page, app_url, "?year=2016")
    page.get_by_text("Export…").click()
    two = page.locator(".st-key-export-speed").get_by_role("radio", name="2", exact=True)
    two.click()
    expect(two).to_have_attribute("aria-checked", "true")
    wait_for_app(page)
    with page.expect_download(timeout=180_000) as download:  # forty frames drawn on a shared machine
        page.get_by_role("button", name="Animation (GIF)").click()
    assert download.value.suggested_filename == "uzbekistan-security-ties-1991-2030.gif"
    target = tmp_path / "ties.gif"
    download.value.save_as(target)
    frames = iio.imread(target, index=None)
    assert len(frames) == 40
    assert iio.immeta(target, index=0)["duration"] == 500
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    iio.imwrite(SCREENSHOTS / "export_gif_2016.png", frames[2016 - 1991])
