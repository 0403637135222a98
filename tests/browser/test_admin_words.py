"""The admin console in Korean first: refusals, field problems, choices and help lines
come from the console's one catalog (server/admin/labels.json) with English beside; a
staff photo is previewed and cropped to the nameplate's 3:4 before it is sent."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from server.admin import labels
from tests.browser.conftest import axe_violations
from tests.browser.test_admin import open_section, service_row, sign_in


def options_of(form, label: str) -> list[str]:
    texts = form.get_by_label(label).locator("option").all_inner_texts()
    return [text.strip() for text in texts if text.strip() != "—"]


def test_refusals_problems_and_choices_are_words_in_korean(server, new_page):
    page = new_page(1400, 1000)
    sign_in(page, server)
    open_section(page, "services")

    # A letter another service uses: the refusal is said in Korean, the server's English beside.
    service_row(page, "인감증명").get_by_role("button", name="수정").click()
    form = page.locator("#panel-form form")
    form.get_by_label("번호 글자").fill("A")
    form.get_by_role("button", name="저장").click()
    error = form.locator(".form-error")
    expect(error).to_contain_text(labels()["error.conflict.services"]["ko"])
    expect(error).to_contain_text("Another service of this site already uses this letter")

    # A field's problem is named in Korean beside the field.
    form.get_by_label("번호 글자").fill("b2")
    form.get_by_role("button", name="저장").click()
    expect(form.locator(".field-error:not([hidden])")).to_contain_text("쓸 수 없는 글자")

    # Choices are words, not the values the API stores; unclear fields say what they mean.
    assert options_of(form, "번호 방식") == ["글자 (A-001) · Letter", "천 단위 숫자 (2001) · Number block"]
    assert options_of(form, "기간 단위") == ["즉시 · On the spot", "시간 · Hours", "일 (근무일) · Working days"]
    target = form.get_by_label("목표 비율")
    help_id = target.get_attribute("aria-describedby").split()[0]
    assert "0.8이면 기간의 80%" in page.locator(f"#{help_id}").inner_text()
    help_id = form.get_by_label("번호 천 단위").get_attribute("aria-describedby").split()[0]
    assert "2001" in page.locator(f"#{help_id}").inner_text()
    assert axe_violations(page) == []
    form.get_by_role("button", name="취소").click()

    # The services list names the period's unit in words.
    expect(service_row(page, "여권")).to_contain_text("4 일 (근무일)")

    open_section(page, "staff")
    page.get_by_role("button", name="새로 만들기").click()
    form = page.locator("#panel-form form")
    assert options_of(form, "역할") == ["직원 · Staff", "책임자 · Supervisor", "관리자 · Administrator"]
    form.get_by_role("button", name="취소").click()
    page.locator("#panel-body tbody td:nth-child(4)").first.wait_for()
    roles = page.locator("#panel-body tbody td:nth-child(4)").all_inner_texts()
    assert roles and not {"staff", "supervisor", "admin"} & set(roles)

    open_section(page, "notices")
    page.get_by_role("button", name="새로 만들기").click()
    form = page.locator("#panel-form form")
    assert options_of(form, "표시 위치") == ["안내판 · Lobby board", "키오스크 · Kiosk",
                                         "안내판과 키오스크 · Board and kiosk"]
    form.get_by_role("button", name="취소").click()

    open_section(page, "devices")
    cells = page.locator("#panel-body tbody td:nth-child(2)")
    # The devices' table replaces the last section's when it arrives: wait for its words.
    cells.filter(has_text="키오스크").first.wait_for()
    kinds = set(cells.all_inner_texts())
    assert "키오스크" in kinds and "kiosk" not in kinds
    page.get_by_role("button", name="기기 등록").click()
    form = page.locator("#panel-form form")
    assert "층 안내도 · Floor directory" in options_of(form, "종류")
    assert axe_violations(page) == []


# Every form the console draws (server/admin/static: create, patch, model: ...).
FORMS = ["SiteIn", "SitePatch", "DepartmentIn", "DepartmentPatch", "ServiceIn", "ServicePatch",
         "CounterIn", "CounterPatch", "StaffIn", "StaffPatch", "PasswordReset", "HolidayIn",
         "NoticeIn", "NoticePatch", "PageIn", "PagePatch", "DeviceIn", "DevicePatch",
         "PrinterSettings", "CompensationIn", "FeedbackAnswer", "FeedbackUpdate"]


def test_every_choice_the_console_asks_has_words(server, new_page):
    """Every choice of every form the console draws has words in both languages."""
    page = new_page(1400, 1000)
    sign_in(page, server)
    missing = page.evaluate("""async (forms) => {
      const { schemas } = await import('/admin/static/form.js');
      const { choiceKey } = await import('/admin/static/words.js');
      const { hasMessage } = await import('/static/common/i18n.js');
      const components = await schemas();
      const missing = [];
      const walk = (name, schema) => {
        if (!schema || typeof schema !== 'object') return;
        if (Array.isArray(schema.enum) && name) {
          for (const v of schema.enum) {
            if (!hasMessage(choiceKey(name, v), 'ko') || !hasMessage(choiceKey(name, v), 'en')) missing.push(`${name}=${v}`);
          }
        }
        if (schema.$ref) walk(name, components[schema.$ref.split('/').pop()]);
        for (const [key, sub] of Object.entries(schema.properties || {})) walk(key, sub);
        for (const sub of [...(schema.anyOf || []), ...(schema.allOf || [])]) walk(name, sub);
        if (schema.items) walk(name, schema.items);
      };
      for (const form of forms) walk('', components[form]);
      return missing;
    }""", FORMS)
    assert missing == []


def picture(width: int, height: int) -> bytes:
    """A landscape picture: left half red, right half blue."""
    image = Image.new("RGB", (width, height), (200, 0, 0))
    image.paste((0, 0, 200), (width // 2, 0, width, height))
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


def test_a_staff_photo_is_previewed_cropped_to_the_nameplate_and_removed(server, new_page):
    page = new_page(1400, 1000)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, server)
    open_section(page, "staff")
    row = page.locator("#panel-body tbody tr").first
    staff_id = int(row.get_attribute("data-id"))

    def photo():
        items = page.request.get(f"{server.url}/api/v1/admin/staff?site_id=1").json()["items"]
        return next(item for item in items if item["id"] == staff_id)["photo"]

    assert not photo()
    row.get_by_role("button", name="사진").click()
    editor = page.locator("#panel-form .photo-editor")
    editor.get_by_label("사진 파일 고르기").set_input_files(
        files=[{"name": "wide.png", "mimeType": "image/png", "buffer": picture(800, 300)}])
    page.locator("#panel-form canvas[data-ready=true]").wait_for()
    assert not photo()                          # shown, not sent

    # Zoomed in and dragged right: the frame shows the picture's left (red) part only.
    editor.get_by_label("확대").evaluate(
        "(zoom) => { zoom.value = 2; zoom.dispatchEvent(new Event('input')); }")
    page.locator("#panel-form .photo-frame").focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    assert axe_violations(page) == []
    page.get_by_role("button", name="이 사진으로 저장").click()
    page.locator("#panel-body tbody tr", has=page.locator("img.photo")).first.wait_for()

    url = photo()
    assert url
    saved = Image.open(io.BytesIO(page.request.get(f"{server.url}{url}").body())).convert("RGB")
    assert saved.size == (600, 800)             # the nameplate's 3:4, not the picture's shape
    red, green, blue = saved.getpixel((300, 400))
    assert red > 150 and blue < 60

    # Removed: screens show initials again.
    page.locator(f"#panel-body tbody tr[data-id='{staff_id}']").get_by_role("button", name="사진").click()
    page.get_by_role("button", name="사진 지우기").click()
    expect(page.locator("#toast")).to_contain_text("사진을 지웠습니다")
    assert not photo()
