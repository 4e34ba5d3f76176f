"""GET /exports/{job_id}: the file of a finished export, for an ADMIN (Bearer token)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from backend.auth.errors import AuthenticationFailed
from backend.auth.tokens import bearer_token
from backend.errors import DomainError
from backend.exports.service import ExportForbidden

router = APIRouter()


@router.get("/exports/{job_id}", include_in_schema=False)
async def download_export(job_id: str, request: Request) -> Response:
    services = request.app.state.services
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return JSONResponse({"error": "send 'Authorization: Bearer <token>'"}, status_code=401)
    try:
        principal = await services.auth.authenticate(token)
    except AuthenticationFailed as exc:
        return JSONResponse({"error": exc.reason}, status_code=401)
    try:
        path, download_name = await services.exports.download(principal, job_id)
    except ExportForbidden as exc:
        return JSONResponse({"error": exc.message}, status_code=403)
    except DomainError as exc:
        return JSONResponse({"error": exc.message}, status_code=404)
    media_type = {".jsonl": "application/x-ndjson", ".conll": "text/plain; charset=utf-8"}.get(path.suffix, "text/csv")
    return FileResponse(path, media_type=media_type, filename=download_name)
