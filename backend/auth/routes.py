"""HTTP endpoints beside GraphQL: the MLflow UI is for ADMIN only, checked by Nginx's auth_request."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from backend.auth.entities import Principal
from backend.auth.errors import AuthenticationFailed
from backend.auth.permissions import Permission, denial_reason
from backend.auth.tokens import bearer_token

MLFLOW_COOKIE = "labelloop_mlflow"
MLFLOW_PERMISSION = Permission.TRAIN_MODEL  # the MLflow UI can change runs and models: ADMIN

router = APIRouter(prefix="/auth")


async def _principal(request: Request, token: str | None) -> tuple[Principal | None, str]:
    if not token:
        return None, "no token: open MLflow from Labelloop's models page, logged in as an ADMIN"
    try:
        return await request.app.state.services.auth.authenticate(token), ""
    except AuthenticationFailed as exc:
        return None, exc.reason


@router.get("/mlflow", include_in_schema=False)
async def check_mlflow_access(request: Request) -> Response:
    """204 when the caller (Bearer header or the MLflow cookie) may open the MLflow UI; 401 or 403 otherwise."""
    principal, why = await _principal(
        request, bearer_token(request.headers.get("authorization")) or request.cookies.get(MLFLOW_COOKIE)
    )
    if principal is None:
        return JSONResponse({"error": why}, status_code=401)
    reason = denial_reason(principal.role, MLFLOW_PERMISSION)
    if reason is not None:
        return JSONResponse({"error": f"the MLflow UI {reason}"}, status_code=403)
    return Response(status_code=204)


@router.post("/mlflow-session", include_in_schema=False)
async def open_mlflow_session(request: Request) -> Response:
    """Trade a Bearer access token for an HttpOnly cookie limited to /mlflow/, so a browser tab can open it."""
    token = bearer_token(request.headers.get("authorization"))
    principal, why = await _principal(request, token)
    if principal is None or token is None:
        return JSONResponse({"error": why}, status_code=401)
    reason = denial_reason(principal.role, MLFLOW_PERMISSION)
    if reason is not None:
        return JSONResponse({"error": f"the MLflow UI {reason}"}, status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        MLFLOW_COOKIE,
        token,
        max_age=request.app.state.services.settings.access_token_ttl_s,
        path="/mlflow/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
