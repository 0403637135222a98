"""The staff console page. Everything on it comes from /api/v1 through the page's
ES modules; labels are Korean first, with English."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, render_template

HERE = Path(__file__).resolve().parent

blueprint = Blueprint("staff", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/staff/static")


@cache
def labels() -> dict:
    """The console's message catalog: {key: {"ko": ..., "en": ...}}."""
    return json.loads((HERE / "labels.json").read_text("utf-8"))


@blueprint.get("/staff")
def console():
    return render_template("staff/console.html", labels=labels())
