"""Floor maps (/api/v1/maps...): what kiosks and screens read (the map, search, the floor
directory, routes) and what the admin's editor changes (levels, plans, features, the
walking graph), plus the check that says what is wrong with a map."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from pydantic import Field, StringConstraints

from .uploads import read_upload
from ..auth import current_principal
from ..maps import forms as mm
from ..maps import wayfinding
from ..maps.editing import PLAN_MAX_BYTES, MapEditor
from ..maps.search import search
from ..refusal import Refusal
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
    return jsonify(wayfinding.directory_of_screen(store(), query.from_device, query.floor))


@api.route("/maps/route", query=RouteQuery, auth="public", tag="maps",
           summary="The way from a kiosk to an office: path to draw, steps in Korean and "
                   "English, optionally step-free")
def find_route(query: RouteQuery):
    if not (query.to_department or query.to_feature):
        raise Refusal("invalid_request", "Invalid query: give to_department or to_feature.",
                      400)
    principal = current_principal()
    # A kiosk's own place, unless the query names a start.
    from_device = query.from_device or (principal.id if principal and principal.kind == "device"
                                        and not query.from_feature else None)
    if not (from_device or query.from_feature):
        raise Refusal("invalid_request", "Invalid query: give from_device or from_feature "
                      "(a kiosk's own token gives its place).", 400)
    return jsonify(wayfinding.route_from(
        store(), from_device=from_device, from_feature=query.from_feature,
        to_department=query.to_department, to_feature=query.to_feature,
        step_free=query.step_free == "true"))


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
    return jsonify(level=editor().add_level(resolve_site(query.site_id), body)), 201


@api.route("/admin/maps/levels/<int:level_id>", "PATCH", auth="admin", body=mm.LevelPatch, tag="maps",
           summary="Change a level's floor number, name or scale")
def change_level(level_id: int, body: mm.LevelPatch):
    return jsonify(level=editor().change_level(level_id, body))


@api.route("/admin/maps/levels/<int:level_id>/scale", "POST", auth="admin", body=mm.ScaleLine, tag="maps",
           summary="Set the scale from a line of known length drawn on the plan")
def set_scale(level_id: int, body: mm.ScaleLine):
    return jsonify(level=editor().set_scale(level_id, body))


@api.route("/admin/maps/levels/<int:level_id>/plan", "POST", auth="admin", tag="maps",
           summary="Upload the floor plan (multipart field 'plan': PNG, JPEG or SVG up to "
                   "10 MB; SVG is cleaned of scripts and outside references)")
def upload_plan(level_id: int):
    editor().site_of("level", level_id)  # an unknown level is 404 before the upload is read
    data = read_upload("plan", PLAN_MAX_BYTES)
    return jsonify(level=editor().upload_plan(level_id, data))


@api.delete("/admin/maps/levels/<int:level_id>", auth="admin", tag="maps",
            summary="Remove a level with everything drawn on it")
def remove_level(level_id: int):
    return jsonify(editor().remove_level(level_id))


@api.route("/admin/maps/features", "POST", auth="admin", body=mm.FeatureIn, query=AdminSiteQuery,
           status=201, tag="maps", summary="Place a unit, amenity, kiosk or opening")
def add_feature(body: mm.FeatureIn, query: AdminSiteQuery):
    return jsonify(feature=editor().add_feature(resolve_site(query.site_id), body)), 201


@api.route("/admin/maps/features/<int:feature_id>", "PATCH", auth="admin", body=mm.FeaturePatch,
           tag="maps", summary="Move or change a feature")
def change_feature(feature_id: int, body: mm.FeaturePatch):
    return jsonify(feature=editor().change_feature(feature_id, body))


@api.delete("/admin/maps/features/<int:feature_id>", auth="admin", tag="maps",
            summary="Remove a feature")
def remove_feature(feature_id: int):
    return jsonify(editor().remove_feature(feature_id))


@api.route("/admin/maps/nodes", "POST", auth="admin", body=mm.NodeIn, query=AdminSiteQuery, status=201,
           tag="maps", summary="Add a node of the walking graph")
def add_node(body: mm.NodeIn, query: AdminSiteQuery):
    return jsonify(node=editor().add_node(resolve_site(query.site_id), body)), 201


@api.route("/admin/maps/nodes/<int:node_id>", "PATCH", auth="admin", body=mm.NodePatch, tag="maps",
           summary="Move a node (walkway lengths follow)")
def move_node(node_id: int, body: mm.NodePatch):
    return jsonify(node=editor().move_node(node_id, body))


@api.delete("/admin/maps/nodes/<int:node_id>", auth="admin", tag="maps",
            summary="Remove a node and its edges")
def remove_node(node_id: int):
    return jsonify(editor().remove_node(node_id))


@api.route("/admin/maps/edges", "POST", auth="admin", body=mm.EdgeIn, query=AdminSiteQuery, status=201,
           tag="maps", summary="Join two nodes: a walkway or ramp on one floor, or an "
                               "elevator, stairs or escalator between floors")
def add_edge(body: mm.EdgeIn, query: AdminSiteQuery):
    return jsonify(edge=editor().add_edge(resolve_site(query.site_id), body)), 201


@api.route("/admin/maps/edges/<int:edge_id>", "PATCH", auth="admin", body=mm.EdgePatch, tag="maps",
           summary="Mark an edge step-free or not, or correct its length")
def change_edge(edge_id: int, body: mm.EdgePatch):
    return jsonify(edge=editor().change_edge(edge_id, body))


@api.route("/admin/maps/edges/<int:edge_id>/split", "POST", auth="admin", body=mm.EdgeSplit, tag="maps",
           summary="Cut an edge in two at a point: a new node there, two edges of the same "
                   "kind whose lengths add up to the old one, the old edge removed")
def split_edge(edge_id: int, body: mm.EdgeSplit):
    return jsonify(editor().split_edge(edge_id, body))


@api.delete("/admin/maps/edges/<int:edge_id>", auth="admin", tag="maps",
            summary="Remove an edge")
def remove_edge(edge_id: int):
    return jsonify(editor().remove_edge(edge_id))
