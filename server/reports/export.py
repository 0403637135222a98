"""Reports as CSV files that Excel in Korea opens right: UTF-8 with a byte-order mark,
CRLF line ends, and a header row in Korean and English."""

from __future__ import annotations

import csv
import io

from .figures import FEEDBACK_KINDS

GROUP_HEADERS = {"site": "기관 / Site", "service": "업무 / Service",
                 "counter": "창구 / Counter", "officer": "담당자 / Officer"}
FIGURE_HEADERS = [
    "발급 / Tickets", "처리 / Served", "부재 / No-shows", "취소 / Cancelled",
    "미완료 / Open", "이관 / Transfers",
    "대기 평균(분) / Waiting mean (min)", "대기 90%(분) / Waiting p90 (min)",
    "이동 평균(분) / Walking mean (min)", "이동 90%(분) / Walking p90 (min)",
    "처리 평균(분) / Service mean (min)", "처리 90%(분) / Service p90 (min)",
    # 즉시 services: visits judged against 3 working hours (docs/reports.md).
    "방문 목표 내 처리 / Visits within target", "방문 목표 달성률(%) / Visits within target (%)",
    # Services whose period outlasts a visit: cases, receipt to closing.
    "접수 / Cases received", "처리 완료 / Cases closed", "처리 중 / Cases open",
    "기한 경과 / Cases overdue", "판정 / Cases judged",
    "사건 목표 내 / Cases within target", "사건 목표 달성률(%) / Cases within target (%)",
    "법정기간 내 / Cases within legal period",
    "법정기간 준수율(%) / Cases within legal period (%)",
    "평가 수 / Ratings", "평가 평균 / Rating mean",
    "불만 / Complaints", "칭찬 / Praise", "제안 / Suggestions",
    # Visitors the kiosk offered the certificate machine or 정부24 (self_service.py).
    "발급기 선택 / Chose the machine", "번호표 선택 / Took a ticket anyway",
    "발급기 선택률(%) / Chose the machine (%)"]
MEASURE_HEADER = "측정 / Measure"
MEASURES = {"cases": "사건 / Cases", "visits": "방문 / Visits"}
SCORE_HEADERS = [f"{n}점 / {n}" for n in range(1, 6)]


def _blank(value):
    return "" if value is None else value


def _percent(share):
    return "" if share is None else round(share * 100, 1)


def _csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figures_csv(report: dict) -> bytes:
    def line(row: dict) -> list:
        return [row["label"], row["tickets"], row["served"], row["no_shows"],
                row["cancelled"], row["open"], row["transfers"],
                *(_blank(row[what][figure]) for what in ("waiting", "walking", "service")
                  for figure in ("mean", "p90")),
                row["target"]["within"], _percent(row["target"]["share"]),
                *(row["cases"][figure] for figure in ("received", "closed", "open",
                                                      "overdue", "judged", "within_target")),
                _percent(row["cases"]["share_target"]), row["cases"]["within_period"],
                _percent(row["cases"]["share_period"]),
                row["ratings"]["count"], _blank(row["ratings"]["mean"]),
                *(row["feedback"][kind] for kind in FEEDBACK_KINDS),
                row["self_service"]["machine"], row["self_service"]["ticket"],
                _percent(row["self_service"]["share_machine"])]

    header = ["기간 / Period", GROUP_HEADERS[report["group"]], *FIGURE_HEADERS,
              MEASURE_HEADER]
    label = report["period"]["label"]

    def measure(row: dict) -> str:
        return MEASURES.get(row.get("measure"), "")
    return _csv([header, *([label, *line(r), measure(r)] for r in report["rows"]),
                 [label, *line(report["total"]), ""]])


def satisfaction_csv(summary: dict) -> bytes:
    header = ["구분 / Section", "항목 / Item", "수 / Count", "평균 / Mean",
              "비율(%) / Share (%)", *SCORE_HEADERS]

    def scored(section: str, item: str, entry: dict) -> list:
        return [section, item, entry["count"], _blank(entry["mean"]), "",
                *entry["scores"].values()]

    rows = [header, scored("전체 / All", str(summary["year"]), summary["ratings"])]
    rows += [scored("월별 / Month", m["month"], m) for m in summary["months"]]
    rows += [scored("업무별 / Service", s["label"], s) for s in summary["services"]]
    rows += [["평가 이유 / Reason", r["reason"], r["count"]] for r in summary["reasons"]]
    survey = summary["kiosk_survey"]
    rows.append(["키오스크 설문 / Kiosk survey", "전체 / All", survey["answers"], "",
                 _percent(survey["share_useful"])])
    rows += [["키오스크 설문 / Kiosk survey", p["title"], p["answers"], "",
              _percent(p["share_useful"])] for p in survey["pages"]]
    feedback = summary["feedback"]
    rows += [["의견 / Feedback", kind, feedback[kind]] for kind in FEEDBACK_KINDS]
    rows += [["불만 사유 / Complaint ground", ground, n]
             for ground, n in feedback["complaint_grounds"].items()]
    return _csv(rows)


SCALE_WORDS = {"agree5": "5점 동의 / Agreement 1-5", "yes_no": "예·아니요 / Yes-no",
               "score11": "0-10점 / 0 to 10"}


def survey_csv(summary: dict) -> bytes:
    """One line per question; a question answered by too few visitors has empty figures.
    The value columns run 0 to 10: agree5 fills 1-5, yes_no 1 (yes) and 2 (no)."""
    values = [str(v) for v in range(11)]
    header = ["순서 / No.", "질문 / Question", "척도 / Scale", "응답 수 / Answers",
              "평균 / Mean", *(f"{v} / {v}" for v in values)]
    rows = [header]
    for n, question in enumerate(summary["questions"], 1):
        distribution = question["distribution"] or {}
        rows.append([n, question["texts"].get("ko", ""), SCALE_WORDS[question["scale"]],
                     _blank(question["count"]), _blank(question["mean"]),
                     *(_blank(distribution.get(v)) for v in values)])
    return _csv(rows)
