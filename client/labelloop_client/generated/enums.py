from enum import Enum


class AuthMethod(str, Enum):
    ACCESS_TOKEN = "ACCESS_TOKEN"
    API_TOKEN = "API_TOKEN"


class AutomationTrigger(str, Enum):
    THRESHOLD = "THRESHOLD"
    SCHEDULE = "SCHEDULE"


class DatasetKind(str, Enum):
    TEXT = "TEXT"
    TABULAR = "TABULAR"


class ExportFormat(str, Enum):
    JSONL = "JSONL"
    CSV = "CSV"
    CONLL = "CONLL"


class ImportFormat(str, Enum):
    JSONL = "JSONL"
    CSV = "CSV"
    CONLL = "CONLL"


class ItemSort(str, Enum):
    RELEVANCE = "RELEVANCE"
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"
    EXTERNAL_ID = "EXTERNAL_ID"


class ItemStatus(str, Enum):
    UNLABELED = "UNLABELED"
    IN_PROGRESS = "IN_PROGRESS"
    AGREED = "AGREED"
    CONFLICT = "CONFLICT"
    REVIEWED = "REVIEWED"


class JobEventKind(str, Enum):
    STATE = "STATE"
    PROGRESS = "PROGRESS"
    LOG = "LOG"
    METRIC = "METRIC"


class JobKind(str, Enum):
    IMPORT = "IMPORT"
    EXPORT = "EXPORT"
    REINDEX = "REINDEX"
    RECONCILE = "RECONCILE"
    TRAINING = "TRAINING"
    BATCH_SCORING = "BATCH_SCORING"
    PROMOTION = "PROMOTION"


class JobState(str, Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class LabelRule(str, Enum):
    GOLD_OR_MAJORITY = "GOLD_OR_MAJORITY"
    GOLD_ONLY = "GOLD_ONLY"
    UNANIMOUS = "UNANIMOUS"


class ModelType(str, Enum):
    TFIDF_LOGISTIC_REGRESSION = "TFIDF_LOGISTIC_REGRESSION"
    TFIDF_LINEAR_SVC = "TFIDF_LINEAR_SVC"
    TFIDF_MULTINOMIAL_NB = "TFIDF_MULTINOMIAL_NB"
    TFIDF_SGD = "TFIDF_SGD"
    LOGISTIC_REGRESSION = "LOGISTIC_REGRESSION"
    RANDOM_FOREST = "RANDOM_FOREST"
    HIST_GRADIENT_BOOSTING = "HIST_GRADIENT_BOOSTING"
    SPAN_TAGGER = "SPAN_TAGGER"


class ParamType(str, Enum):
    INT = "INT"
    FLOAT = "FLOAT"
    BOOL = "BOOL"
    CHOICE = "CHOICE"


class Permission(str, Enum):
    USE_ACCOUNT = "USE_ACCOUNT"
    VIEW_DATA = "VIEW_DATA"
    ANNOTATE = "ANNOTATE"
    PREDICT = "PREDICT"
    VIEW_MODELS = "VIEW_MODELS"
    REVIEW = "REVIEW"
    MANAGE_DATASETS = "MANAGE_DATASETS"
    TRAIN_MODEL = "TRAIN_MODEL"
    PROMOTE_MODEL = "PROMOTE_MODEL"
    MANAGE_USERS = "MANAGE_USERS"
    USE_ADMIN_TOOLS = "USE_ADMIN_TOOLS"


class PredictionSource(str, Enum):
    PRODUCTION = "PRODUCTION"
    PLAYGROUND = "PLAYGROUND"
    TEST = "TEST"
    PINNED = "PINNED"
    SHADOW = "SHADOW"


class PromotionAction(str, Enum):
    PROMOTE = "PROMOTE"
    ROLLBACK = "ROLLBACK"


class PromotionMode(str, Enum):
    AUTO = "AUTO"
    PROPOSE = "PROPOSE"


class QueueOrder(str, Enum):
    RANDOM = "RANDOM"
    IMPORT_ORDER = "IMPORT_ORDER"


class QueueStrategy(str, Enum):
    UNLABELED_FIRST = "UNLABELED_FIRST"
    LEAST_ANNOTATED = "LEAST_ANNOTATED"
    REVIEW = "REVIEW"
    UNCERTAINTY = "UNCERTAINTY"


class Role(str, Enum):
    USER = "USER"
    ADMIN = "ADMIN"


class ServiceName(str, Enum):
    MONGO = "MONGO"
    ELASTICSEARCH = "ELASTICSEARCH"
    REDIS = "REDIS"
    MLFLOW = "MLFLOW"


class ServiceStatus(str, Enum):
    UP = "UP"
    DOWN = "DOWN"


class TaskType(str, Enum):
    SINGLE_LABEL = "SINGLE_LABEL"
    MULTI_LABEL = "MULTI_LABEL"
    SPANS = "SPANS"


class ValidationMethod(str, Enum):
    HOLDOUT = "HOLDOUT"
    CROSS_VALIDATION = "CROSS_VALIDATION"
