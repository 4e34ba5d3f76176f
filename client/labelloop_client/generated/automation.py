from typing import Optional

from .base_model import BaseModel
from .fragments import AutomationFields


class Automation(BaseModel):
    automation: Optional["AutomationAutomation"]


AutomationAutomation = AutomationFields
Automation.model_rebuild()
