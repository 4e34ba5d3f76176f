"""HTTP endpoints beside GraphQL: the admin tools (MLflow UI, mongo-express) are for ADMIN only.

Nginx asks `GET /auth/<tool>` (auth_request) before it serves anything under the tool's path. A browser tab cannot
send the Bearer header, so the SPA first trades its token for an HttpOnly cookie limited to that path with
`POST /auth/<tool>-session`.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from backend.auth.entities import Principal
from backend.auth.errors import AuthenticationFailed
from backend.auth.permissions import Permission, denial_reason
from backend.auth.tokens import bearer_token

# The tools can read every stored document and change runs, models and data: ADMIN.
ADMIN_TOOLS_PERMISSION = Permission.USE_ADMIN_TOOLS


@dataclass(frozen=True, slots=True)
class AdminTool:
    """A web UI Nginx serves under `path` to the callers `GET /auth/<slug>` allows."""

    slug: str
    title: str
    path: str
    cookie: str
    where: str  # where in the SPA to open it, for the 401 message
    # Nginx says in `?read_only=` whether the tool is read-only (LABELLOOP_MONGO_EXPRESS_READONLY); then only
    # GET and HEAD pass. None: the tool has no such switch.
    read_only_switch: str | None = None


MLFLOW = AdminTool("mlflow", "the MLflow UI", "/mlflow/", "labelloop_mlflow", "Labelloop's home or models page")
MONGO_EXPRESS = AdminTool(
    "mongo-express",
    "the database browser",
    "/mongo-express/",
    "labelloop_mongo_express",
    "Labelloop's home page",
    read_only_switch="LABELLOOP_MONGO_EXPRESS_READONLY",
)
READ_METHODS = frozenset({"GET", "HEAD"})
ADMIN_TOOLS = (MLFLOW, MONGO_EXPRESS)

router = APIRouter(prefix="/auth")


async def _principal(request: Request, token: str | None, tool: AdminTool) -> tuple[Principal | None, str]:
    if not token:
        return None, f"no token: open {tool.title} from {tool.where}, logged in as an ADMIN"
    try:
        return await request.app.state.services.auth.authenticate(token), ""
    except AuthenticationFailed as exc:
        return None, exc.reason


async def _refusal(request: Request, token: str | None, tool: AdminTool) -> JSONResponse | None:
    """401 or 403 when `token` may not open `tool`; None when it may."""
    principal, why = await _principal(request, token, tool)
    if principal is None:
        return JSONResponse({"error": why}, status_code=401)
    reason = denial_reason(principal.role, ADMIN_TOOLS_PERMISSION)
    if reason is not None:
        return JSONResponse({"error": f"{tool.title} {reason}"}, status_code=403)
    return None


def _add_routes(tool: AdminTool) -> None:
    async def check_access(request: Request) -> Response:
        token = bearer_token(request.headers.get("authorization")) or request.cookies.get(tool.cookie)
        refusal = await _refusal(request, token, tool)
        if refusal is not None:
            return refusal
        method = request.headers.get("x-original-method", "GET").upper()
        # mongo-express's own read-only option hides its write controls, but its server still takes most writes
        if tool.read_only_switch and request.query_params.get("read_only") != "false" and method not in READ_METHODS:
            why = f"{tool.title} is read-only ({method} refused): {tool.read_only_switch}=false makes it writable"
            return JSONResponse({"error": why}, status_code=403)
        return Response(status_code=204)

    async def open_session(request: Request) -> Response:
        token = bearer_token(request.headers.get("authorization"))
        refusal = await _refusal(request, token, tool)
        if refusal is not None or token is None:
            return refusal or JSONResponse({"error": "no token"}, status_code=401)
        response = Response(status_code=204)
        response.set_cookie(
            tool.cookie,
            token,
            max_age=request.app.state.services.settings.access_token_ttl_s,
            path=tool.path,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    check_access.__doc__ = f"204 when the caller (Bearer header or the cookie) may open {tool.title}; else 401/403."
    open_session.__doc__ = f"Trade a Bearer access token for an HttpOnly cookie limited to {tool.path}."
    router.add_api_route(f"/{tool.slug}", check_access, methods=["GET"], include_in_schema=False)
    router.add_api_route(f"/{tool.slug}-session", open_session, methods=["POST"], include_in_schema=False)


for _tool in ADMIN_TOOLS:
    _add_routes(_tool)
