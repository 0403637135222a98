"""What the floor-map editor sends, with the names of IMDF (Indoor Mapping Data Format):
levels, units, amenities, kiosks, openings, and the walking graph's nodes and edges."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..forms import Form, Id, OptionalNames, label

Coordinate = Annotated[float, Field(ge=-100000, le=100000)]
Point = Annotated[list[Coordinate], Field(min_length=2, max_length=2)]

CATEGORIES = {
    "unit": ("office", "room", "lobby", "meetingroom", "restroom"),
    "amenity": ("elevator", "stairs", "escalator", "restroom", "certificate_machine", "exit",
                "information"),
    "kiosk": ("kiosk", "directory"),     # a directory screen is placed like a kiosk
    "opening": ("door", "entrance"),
}
Category = Literal["office", "room", "lobby", "meetingroom", "restroom", "elevator", "stairs",
                   "escalator", "certificate_machine", "exit", "information", "kiosk", "door",
                   "entrance", "directory"]
EdgeKind = Literal["walkway", "ramp", "elevator", "stairs", "escalator"]
# A floor change costs more than its few metres: waiting for the lift, climbing.
DEFAULT_VERTICAL_METRES = {"elevator": 15.0, "stairs": 10.0, "escalator": 8.0}


class LevelIn(Form):
    ordinal: int = Field(ge=-9, le=99, **label("층 (지하 1층 = -1)", "Floor (B1 = -1)"))
    names: OptionalNames = Field(default_factory=OptionalNames, **label("이름", "Name"))
    pixels_per_metre: float | None = Field(None, gt=0, le=10000, **label(
        "축척 (픽셀/미터)", "Scale (pixels per metre)"))


class LevelPatch(Form):
    ordinal: int | None = Field(None, ge=-9, le=99, **label("층", "Floor"))
    names: OptionalNames | None = Field(None, **label("이름", "Name"))
    pixels_per_metre: float | None = Field(None, gt=0, le=10000, **label(
        "축척 (픽셀/미터)", "Scale (pixels per metre)"))


class ScaleLine(Form):
    """Two points on the plan and the real distance between them."""
    start: Point
    end: Point
    metres: float = Field(gt=0, le=10000)


class FeatureIn(Form):
    level_id: Id
    feature_type: Literal["unit", "amenity", "kiosk", "opening"]
    category: Category
    names: OptionalNames = Field(default_factory=OptionalNames)
    x: Coordinate | None = Field(None, description="The display point; defaults to the "
                                 "outline's centroid")
    y: Coordinate | None = None
    outline: list[Point] | None = Field(None, min_length=3, max_length=500)
    facing: float | None = Field(None, ge=0, lt=360, description="Degrees clockwise from up")
    node_id: Id | None = None
    department_id: Id | None = None
    device_id: Id | None = None
    unit_id: Id | None = Field(None, description="An opening's unit (on the same level)")

    @model_validator(mode="after")
    def _category_fits(self):
        if self.category not in CATEGORIES[self.feature_type]:
            raise ValueError(f"a {self.feature_type} is one of "
                             f"{', '.join(CATEGORIES[self.feature_type])}")
        if (self.x is None or self.y is None) and not self.outline:
            raise ValueError("give x and y, or an outline")
        if self.unit_id is not None and self.feature_type != "opening":
            raise ValueError("unit_id: only an opening belongs to a unit")
        return self


class FeaturePatch(Form):
    names: OptionalNames | None = None
    category: Category | None = None
    x: Coordinate | None = None
    y: Coordinate | None = None
    outline: list[Point] | None = Field(None, min_length=3, max_length=500)
    facing: float | None = Field(None, ge=0, lt=360)
    node_id: Id | None = None
    department_id: Id | None = None
    device_id: Id | None = None
    unit_id: Id | None = None


class NodeIn(Form):
    level_id: Id
    x: Coordinate
    y: Coordinate


class NodePatch(Form):
    x: Coordinate
    y: Coordinate


class EdgePatch(Form):
    step_free: bool | None = None
    length_m: float | None = Field(None, ge=0, le=10000)


class EdgeSplit(Form):
    """A point on an edge, where a new node cuts it in two."""
    x: Coordinate
    y: Coordinate


class EdgeIn(Form):
    from_node: Id
    to_node: Id
    kind: EdgeKind = "walkway"
    length_m: float | None = Field(None, ge=0, le=10000, description=(
        "Defaults to the distance on the plan by the level's scale (or, between floors, "
        "a fixed cost per kind)."))
    step_free: bool | None = Field(None, description="Defaults to false for stairs and "
                                                     "escalators, true otherwise.")
