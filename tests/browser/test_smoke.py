"""The browser harness itself: Chromium starts and renders a page served by Sunbeon."""


def test_chromium_renders_the_home_page(server, new_page):
    page = new_page(1280, 800)
    page.goto(server.url + "/")
    assert page.title() == "Sunbeon 순번"
    assert page.get_by_role("link", name="키오스크 · Kiosk").is_visible()
