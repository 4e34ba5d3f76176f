"""Labelloop from Python: search, training sets as DataFrames, trainings with live metrics, comparison,
promotion and prediction — over the same GraphQL API and permissions as the web app.

    from labelloop_client import Client
    client = Client(token="llp_…")            # or Client(username=…, password=…); LABELLOOP_URL, LABELLOOP_TOKEN
    frame = client.training_set("fortunes")
    run = client.start_training("fortunes", "TFIDF_SGD", params={"epochs": 20})
    for point in run.watch():
        print(point.step, point.accuracy)

See docs/client.md.
"""

from labelloop_client.answers import ItemAnswers
from labelloop_client.client import Client, training_label
from labelloop_client.errors import (
    AccountDisabledError,
    ApiTokenNotFoundError,
    AuthenticationError,
    ConcurrentChangesError,
    ConnectionFailedError,
    DatasetArchivedError,
    DatasetNotFoundError,
    EmptyTrainingSetError,
    FieldError,
    GraphQLRequestError,
    InvalidCredentialsError,
    ItemCompleteError,
    ItemNotFoundError,
    LabelloopError,
    LoginRateLimitedError,
    ModelNotFoundError,
    ModelVersionNotFoundError,
    NoPreviousVersionError,
    NoProductionVersionError,
    PermissionDeniedError,
    PromotionProposedError,
    RateLimitedError,
    RunAlreadyFinishedError,
    TrainingFailedError,
    TrainingRunNotFoundError,
    TrainingSetNotFoundError,
    UnsupportedOperationError,
    ValidationError,
)
from labelloop_client.runs import TrainingRun, points_frame
from labelloop_client.search import SearchResults
from labelloop_client.types import (
    Annotation,
    Item,
    MetricPoint,
    Prediction,
    PredictionRow,
    PromotionEvent,
    RunEvent,
    RunMetrics,
    SearchHit,
)

__version__ = "0.1.0"

__all__ = [
    "AccountDisabledError",
    "Annotation",
    "ApiTokenNotFoundError",
    "AuthenticationError",
    "Client",
    "ConcurrentChangesError",
    "ConnectionFailedError",
    "DatasetArchivedError",
    "DatasetNotFoundError",
    "EmptyTrainingSetError",
    "FieldError",
    "GraphQLRequestError",
    "InvalidCredentialsError",
    "Item",
    "ItemAnswers",
    "ItemCompleteError",
    "ItemNotFoundError",
    "LabelloopError",
    "LoginRateLimitedError",
    "MetricPoint",
    "ModelNotFoundError",
    "ModelVersionNotFoundError",
    "NoPreviousVersionError",
    "NoProductionVersionError",
    "PermissionDeniedError",
    "Prediction",
    "PredictionRow",
    "PromotionEvent",
    "PromotionProposedError",
    "RateLimitedError",
    "RunAlreadyFinishedError",
    "RunEvent",
    "RunMetrics",
    "SearchHit",
    "SearchResults",
    "TrainingFailedError",
    "TrainingRun",
    "TrainingRunNotFoundError",
    "TrainingSetNotFoundError",
    "UnsupportedOperationError",
    "ValidationError",
    "points_frame",
    "training_label",
]
