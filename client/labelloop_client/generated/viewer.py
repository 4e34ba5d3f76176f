from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import AuthMethod, Permission, Role


class Viewer(BaseModel):
    viewer: "ViewerViewer"


class ViewerViewer(BaseModel):
    user: "ViewerViewerUser"
    auth_method: AuthMethod = Field(alias="authMethod")
    permissions: list["ViewerViewerPermissions"]


class ViewerViewerUser(BaseModel):
    id: str
    username: str
    role: Role


class ViewerViewerPermissions(BaseModel):
    permission: Permission
    enabled: bool
    disabled_reason: Optional[str] = Field(alias="disabledReason")


Viewer.model_rebuild()
ViewerViewer.model_rebuild()
