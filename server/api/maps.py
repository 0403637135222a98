"""Floor maps (/api/v1/maps...): what kiosks and screens read (the map, search, the floor
directory, routes) and what the admin's editor changes (levels, plans, features, the
walking graph), plus the check that says what is wrong with a map."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from pydantic import Field, StringConstraints

from ..admin import media
from ..auth import current_principal, require_admin
from ..maps import models as mm
from ..maps import wayfinding
from ..maps.editing import PLAN_MAX_BYTES, MapEditor
from ..maps.search import search
from ..queue import QueueError
from . import schemas as s
from .admin import AdminSiteQuery, require_reader
from .routes import api, engine, resolve_site, store


class SearchQuery(s.Query):
    q: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    site_id: s.QueryId | None = None


class RouteQuery(s.Query):
    to_department: s.QueryId | None = None
    to_feature: s.QueryId | None = None
    from_device: s.QueryId | None = Field(None, description="Defaults to the calling kiosk.")
    from_feature: s.QueryId | None = None
    step_free: Literal["true", "false"] = "false"


def editor() -> MapEditor:
    return MapEditor(store(), engine())


def _admin_of(kind: str, ident: int) -> None:
    """404 for an unknown record (the route lets only admins in)."""
    editor().site_of(kind, ident)
    require_admin()


# ---- reading ------------------------------------------------------------------------------

@api.route("/maps", query=s.SiteQuery, auth="public", tag="maps",
           summary="A site's floor maps: levels with plans, features and the walking graph")
def get_map(query: s.SiteQuery):
    return jsonify(wayfinding.load(store(), resolve_site(query.site_id)))


@api.route("/maps/search", query=SearchQuery, auth="public", tag="maps",
           summary="Find departments, services and staff by name or duty, in any kiosk "
                   "language or by Korean initial consonants (ㅁㅇ finds 민원)")
def search_places(query: SearchQuery):
    return jsonify(results=search(store(), resolve_site(query.site_id), query.q))


class DirectoryQuery(s.Query):
    site_id: s.QueryId | None = None
    from_device: s.QueryId | None = Field(None, description=(
        "A directory screen: where it stands on the map (else its floor's elevator) and "
        "each office's way from there."))
    floor: int | None = Field(None, ge=-9, le=99, description="The screen's floor, for the "
                              "elevator when the screen is not placed on the map.")


@api.route("/maps/directory", query=DirectoryQuery, auth="public", tag="maps",
           summary="Offices and amenities floor by floor; with from_device, where that "
                   "screen stands and each office's way from there")
def floor_directory(query: DirectoryQuery):
    if not query.from_device:
        return jsonify(floors=wayfinding.directory(store(), resolve_site(query.site_id)))
    site_id = _site_of_device(query.from_device)
    here = wayfinding.directory_start(wayfinding.load(store(), site_id), query.from_device,
                                      query.floor)
    return jsonify(floors=wayfinding.directory(store(), site_id, here), here=here)


@api.route("/maps/route", query=RouteQuery, auth="public", tag="maps",
           summary="The way from a kiosk to an office: path to draw, steps in Korean and "
                   "English, optionally step-free")
def find_route(query: RouteQuery):
    if not (query.to_department or query.to_feature):
        raise QueueError("invalid_request", "Invalid query: give to_department or to_feature.",
                         400)
    principal = current_principal()
    # A kiosk's own place, unless the query names a start.
    from_device = query.from_device or (principal.id if principal and principal.kind == "device"
                                        and not query.from_feature else None)
    if not (from_device or query.from_feature):
        raise QueueError("invalid_request", "Invalid query: give from_device or from_feature "
                         "(a kiosk's own token gives its place).", 400)
    site_id = _site_of_route(query, from_device)
    site_map = wayfinding.load(store(), site_id)
    start = wayfinding.find_start(site_map, device_id=from_device, feature_id=query.from_feature)
    goal = wayfinding.find_goal(site_map, department_id=query.to_department,
                                feature_id=query.to_feature)
    return jsonify(wayfinding.route(store(), site_id, start, goal,
                                    step_free=query.step_free == "true"))


def _site_of_device(device_id: int) -> int:
    row = store().one("SELECT site_id FROM devices WHERE id = ?", (device_id,))
    if row is None:
        raise QueueError("not_found", f"No device with id {device_id}.", 404)
    return row["site_id"]


def _site_of_route(query: RouteQuery, from_device: int | None) -> int:
    if from_device:
        return _site_of_device(from_device)
    row = store().one("SELECT l.site_id FROM map_features f JOIN map_levels l "
                      "ON l.id = f.level_id WHERE f.id = ?", (query.from_feature,))
    if row is None:
        raise QueueError("not_found", f"No feature with id {query.from_feature}.", 404)
    return row["site_id"]


@api.route("/maps/check", auth="supervisor", query=AdminSiteQuery, tag="maps",
           summary="What is wrong with a site's map: a graph that falls apart, offices no "
                   "kiosk reaches, offices reachable only by stairs (admins, supervisors)")
def check_map(query: AdminSiteQuery):
    site_id = resolve_site(query.site_id)
    require_reader(site_id)
    problems = wayfinding.check(store(), site_id)
    return jsonify(ok=not problems, problems=problems)


# ---- editing (admins) ----------------------------------------------------------------------

@api.route("/admin/maps/levels", "POST", auth="admin", body=mm.LevelIn, query=AdminSiteQuery, status=201,
           tag="maps", summary="Add a level (a floor)")
def add_level(body: mm.LevelIn, query: AdminSiteQuery):
    site_id = resolve_site(query.site_id)
    require_admin()
    return jsonify(level=editor().add_level(site_id, body)), 201


@api.route("/admin/maps/levels/<int:level_id>", "PATCH", auth="admin", body=mm.LevelPatch, tag="maps",
           summary="Change a level's floor number, name or scale")
def change_level(level_id: int, body: mm.LevelPatch):
    _admin_of("level", level_id)
    return jsonify(level=editor().change_level(level_id, body))


@api.route("/admin/maps/levels/<int:level_id>/scale", "POST", auth="admin", body=mm.ScaleLine, tag="maps",
           summary="Set the scale from a line of known length drawn on the plan")
def set_scale(level_id: int, body: mm.ScaleLine):
    _admin_of("level", level_id)
    return jsonify(level=editor().set_scale(level_id, body))


@api.route("/admin/maps/levels/<int:level_id>/plan", "POST", auth="admin", tag="maps",
           summary="Upload the floor plan (multipart field 'plan': PNG, JPEG or SVG up to "
                   "10 MB; SVG is cleaned of scripts and outside references)")
def upload_plan(level_id: int):
    _admin_of("level", level_id)
    data = media.read_upload("plan", PLAN_MAX_BYTES)
    return jsonify(level=editor().upload_plan(level_id, data))


@api.route("/admin/maps/levels/<int:level_id>", "DELETE", auth="admin", tag="maps",
           summary="Remove a level with everything drawn on it")
def remove_level(level_id: int):
    _admin_of("level", level_id)
    return jsonify(editor().remove_level(level_id))


@api.route("/admin/maps/features", "POST", auth="admin", body=mm.FeatureIn, query=AdminSiteQuery,
           status=201, tag="maps", summary="Place a unit, amenity, kiosk or opening")
def add_feature(body: mm.FeatureIn, query: AdminSiteQuery):
    site_id = resolve_site(query.site_id)
    require_admin()
    return jsonify(feature=editor().add_feature(site_id, body)), 201


@api.route("/admin/maps/features/<int:feature_id>", "PATCH", auth="admin", body=mm.FeaturePatch,
           tag="maps", summary="Move or change a feature")
def change_feature(feature_id: int, body: mm.FeaturePatch):
    _admin_of("feature", feature_id)
    return jsonify(feature=editor().change_feature(feature_id, body))


@api.route("/admin/maps/features/<int:feature_id>", "DELETE", auth="admin", tag="maps",
           summary="Remove a feature")
def remove_feature(feature_id: int):
    _admin_of("feature", feature_id)
    return jsonify(editor().remove_feature(feature_id))


@api.route("/admin/maps/nodes", "POST", auth="admin", body=mm.NodeIn, query=AdminSiteQuery, status=201,
           tag="maps", summary="Add a node of the walking graph")
def add_node(body: mm.NodeIn, query: AdminSiteQuery):
    site_id = resolve_site(query.site_id)
    require_admin()
    return jsonify(node=editor().add_node(site_id, body)), 201


@api.route("/admin/maps/nodes/<int:node_id>", "PATCH", auth="admin", body=mm.NodePatch, tag="maps",
           summary="Move a node (walkway lengths follow)")
def move_node(node_id: int, body: mm.NodePatch):
    _admin_of("node", node_id)
    return jsonify(node=editor().move_node(node_id, body))


@api.route("/admin/maps/nodes/<int:node_id>", "DELETE", auth="admin", tag="maps",
           summary="Remove a node and its edges")
def remove_node(node_id: int):
    _admin_of("node", node_id)
    return jsonify(editor().remove_node(node_id))


@api.route("/admin/maps/edges", "POST", auth="admin", body=mm.EdgeIn, query=AdminSiteQuery, status=201,
           tag="maps", summary="Join two nodes: a walkway or ramp on one floor, or an "
                               "elevator, stairs or escalator between floors")
def add_edge(body: mm.EdgeIn, query: AdminSiteQuery):
    site_id = resolve_site(query.site_id)
    require_admin()
    return jsonify(edge=editor().add_edge(site_id, body)), 201


@api.route("/admin/maps/edges/<int:edge_id>", "PATCH", auth="admin", body=mm.EdgePatch, tag="maps",
           summary="Mark an edge step-free or not, or correct its length")
def change_edge(edge_id: int, body: mm.EdgePatch):
    _admin_of("edge", edge_id)
    return jsonify(edge=editor().change_edge(edge_id, body))


@api.route("/admin/maps/edges/<int:edge_id>/split", "POST", auth="admin", body=mm.EdgeSplit, tag="maps",
           summary="Cut an edge in two at a point: a new node there, two edges of the same "
                   "kind whose lengths add up to the old one, the old edge removed")
def split_edge(edge_id: int, body: mm.EdgeSplit):
    _admin_of("edge", edge_id)
    return jsonify(editor().split_edge(edge_id, body))


@api.route("/admin/maps/edges/<int:edge_id>", "DELETE", auth="admin", tag="maps",
           summary="Remove an edge")
def remove_edge(edge_id: int):
    _admin_of("edge", edge_id)
    return jsonify(editor().remove_edge(edge_id))
