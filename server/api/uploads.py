"""Files sent to the API as multipart form data (staff photos, floor plans)."""

from __future__ import annotations

from flask import request

from ..infra.media import refuse

MULTIPART_OVERHEAD = 64 * 1024   # boundaries, part headers and the form's other fields


def read_upload(field: str, max_bytes: int) -> bytes:
    """The bytes of one uploaded file. This request may be larger than the app's
    MAX_CONTENT_LENGTH (meant for JSON bodies), by the file's own limit."""
    request.max_content_length = max_bytes + MULTIPART_OVERHEAD
    if (request.content_length or 0) > request.max_content_length:
        raise refuse(f"The file is larger than {max_bytes // (1024 * 1024)} MB.", field)
    upload = request.files.get(field)
    if upload is None:
        raise refuse(f"Send the file as multipart form field {field!r}.", field)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise refuse(f"The file is larger than {max_bytes // (1024 * 1024)} MB.", field)
    if not data:
        raise refuse("The file is empty.", field)
    return data
