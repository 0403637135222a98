"""A typical ticket, shared by the printing tests and bench/bench_printing.py."""

from datetime import datetime, timezone

from server.printing import TicketContent

SAMPLE = TicketContent(
    site_name="당진시청",
    department_name="민원지적과",
    service_name="주민등록 등·초본",
    display_number="A-012",
    priority=False,
    people_ahead=3,
    estimated_minutes=12,
    issued_at=datetime(2025, 3, 4, 0, 12, tzinfo=timezone.utc),  # 09:12 in Seoul
    where_to_go="1층 민원실 3번 창구 · 엘리베이터 오른쪽",
    department_phone="041-350-3524",
    qr_url="https://sunbeon.example.kr/t/8f3a2c",
    footer="",
)
