from datetime import datetime
from typing import Any, Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import JobKind, JobState


class PromoteModelVersion(BaseModel):
    promote_model_version: Union[
        "PromoteModelVersionPromoteModelVersionPromotionJobSuccess",
        "PromoteModelVersionPromoteModelVersionModelNotFoundError",
        "PromoteModelVersionPromoteModelVersionModelVersionNotFoundError",
        "PromoteModelVersionPromoteModelVersionNoPreviousVersionError",
        "PromoteModelVersionPromoteModelVersionValidationError",
    ] = Field(alias="promoteModelVersion", discriminator="typename__")


class PromoteModelVersionPromoteModelVersionPromotionJobSuccess(BaseModel):
    typename__: Literal["PromotionJobSuccess"] = Field(alias="__typename")
    job: "PromoteModelVersionPromoteModelVersionPromotionJobSuccessJob"


class PromoteModelVersionPromoteModelVersionPromotionJobSuccessJob(BaseModel):
    id: str
    kind: JobKind
    state: JobState
    dataset_id: Optional[str] = Field(alias="datasetId")
    done: int
    total: Optional[int]
    message: str
    problems: list[
        "PromoteModelVersionPromoteModelVersionPromotionJobSuccessJobProblems"
    ]
    problem_count: int = Field(alias="problemCount")
    created_at: datetime = Field(alias="createdAt")
    started_at: Optional[datetime] = Field(alias="startedAt")
    finished_at: Optional[datetime] = Field(alias="finishedAt")
    result: Any


class PromoteModelVersionPromoteModelVersionPromotionJobSuccessJobProblems(BaseModel):
    line: Optional[int]
    reason: str


class PromoteModelVersionPromoteModelVersionModelNotFoundError(BaseModel):
    typename__: Literal["ModelNotFoundError"] = Field(alias="__typename")
    message: str


class PromoteModelVersionPromoteModelVersionModelVersionNotFoundError(BaseModel):
    typename__: Literal["ModelVersionNotFoundError"] = Field(alias="__typename")
    message: str


class PromoteModelVersionPromoteModelVersionNoPreviousVersionError(BaseModel):
    typename__: Literal["NoPreviousVersionError"] = Field(alias="__typename")
    message: str


class PromoteModelVersionPromoteModelVersionValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list[
        "PromoteModelVersionPromoteModelVersionValidationErrorFieldErrors"
    ] = Field(alias="fieldErrors")


class PromoteModelVersionPromoteModelVersionValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


PromoteModelVersion.model_rebuild()
PromoteModelVersionPromoteModelVersionPromotionJobSuccess.model_rebuild()
PromoteModelVersionPromoteModelVersionPromotionJobSuccessJob.model_rebuild()
PromoteModelVersionPromoteModelVersionValidationError.model_rebuild()
