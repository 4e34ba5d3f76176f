from datetime import datetime
from typing import Any, Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import JobKind, JobState


class RollbackModel(BaseModel):
    rollback_model: Union[
        "RollbackModelRollbackModelPromotionJobSuccess",
        "RollbackModelRollbackModelModelNotFoundError",
        "RollbackModelRollbackModelModelVersionNotFoundError",
        "RollbackModelRollbackModelNoPreviousVersionError",
        "RollbackModelRollbackModelValidationError",
    ] = Field(alias="rollbackModel", discriminator="typename__")


class RollbackModelRollbackModelPromotionJobSuccess(BaseModel):
    typename__: Literal["PromotionJobSuccess"] = Field(alias="__typename")
    job: "RollbackModelRollbackModelPromotionJobSuccessJob"


class RollbackModelRollbackModelPromotionJobSuccessJob(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    dataset_id: Optional[str] = Field(alias="datasetId")
    done: int
    total: Optional[int]
    message: str
    problems: list["RollbackModelRollbackModelPromotionJobSuccessJobProblems"]
    problem_count: int = Field(alias="problemCount")
    created_at: datetime = Field(alias="createdAt")
    started_at: Optional[datetime] = Field(alias="startedAt")
    finished_at: Optional[datetime] = Field(alias="finishedAt")
    result: Any


class RollbackModelRollbackModelPromotionJobSuccessJobProblems(BaseModel):
    line: Optional[int]
    reason: str


class RollbackModelRollbackModelModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class RollbackModelRollbackModelModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class RollbackModelRollbackModelNoPreviousVersionError(BaseModel):
    typename__: Literal["NoPreviousVersionError"] = Field(alias="__typename")
    message: str


class RollbackModelRollbackModelValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["RollbackModelRollbackModelValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class RollbackModelRollbackModelValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


RollbackModel.model_rebuild()
RollbackModelRollbackModelPromotionJobSuccess.model_rebuild()
RollbackModelRollbackModelPromotionJobSuccessJob.model_rebuild()
RollbackModelRollbackModelValidationError.model_rebuild()
