"""Builds the clients and services one process needs, and closes them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import TransportError

from backend.annotations.activity import ActivityService
from backend.annotations.queue import AnnotationQueue
from backend.annotations.report import AgreementService
from backend.annotations.service import AnnotationService
from backend.auth.admin import UserAdminService
from backend.auth.cache import CachedUserRepository
from backend.auth.rate_limit import LoginRateLimiter
from backend.auth.repository import UserRepository
from backend.auth.service import AuthService
from backend.auth.tokens import AccessTokenCodec
from backend.clients.elasticsearch import SearchClient
from backend.clients.events import EventBus
from backend.clients.mlflow import MlflowServer, MlflowTracking
from backend.clients.mongo import MongoClient
from backend.clients.mongo_bootstrap import check_bootstrapped
from backend.clients.queue import JobQueue
from backend.clients.redis import RedisClient
from backend.datasets.repository import DatasetRepository
from backend.datasets.service import DatasetService
from backend.exports.service import ExportService
from backend.health.entities import Dependency
from backend.health.service import HealthService, Probe
from backend.imports.service import ImportService
from backend.items.index import ItemIndex
from backend.items.repository import ItemRepository
from backend.items.service import ItemService
from backend.items.sync import IndexJobs, IndexSync, ReconcileRequests
from backend.jobs.events import JobEventLog
from backend.jobs.execution import JobExecution
from backend.jobs.repository import JobRepository
from backend.jobs.service import JobService
from backend.models.feedback import FeedbackLoopService
from backend.models.predictions import PredictionLog
from backend.models.repository import ModelRepository
from backend.models.service import ModelService, ScoringService
from backend.models.serving import ModelServer
from backend.settings import Settings
from backend.training.repository import TrainingRepository
from backend.training.runner import TrainingRunner
from backend.training.service import TrainingService

log = logging.getLogger("labelloop.services")


@dataclass(slots=True)
class Services:
    """Everything a resolver or a job may call; one instance per process."""

    settings: Settings
    mongo: MongoClient
    search: SearchClient
    redis: RedisClient
    mlflow: MlflowServer
    queue: JobQueue
    health: HealthService
    users: UserRepository
    auth: AuthService
    user_admin: UserAdminService
    dataset_repository: DatasetRepository
    datasets: DatasetService
    item_repository: ItemRepository
    item_index: ItemIndex
    items: ItemService
    job_repository: JobRepository
    jobs: JobService
    job_execution: JobExecution
    imports: ImportService
    exports: ExportService
    index_sync: IndexSync
    index_jobs: IndexJobs
    reconcile_requests: ReconcileRequests
    annotation_queue: AnnotationQueue
    annotations: AnnotationService
    agreement: AgreementService
    activity: ActivityService
    training_repository: TrainingRepository
    training: TrainingService
    training_runner: TrainingRunner
    model_repository: ModelRepository
    prediction_log: PredictionLog
    model_server: ModelServer
    models: ModelService
    scoring: ScoringService
    feedback_loops: FeedbackLoopService

    @classmethod
    def create(cls, settings: Settings) -> Services:
        mongo = MongoClient(settings.mongo_uri, settings.mongo_db)
        search = SearchClient(settings.elasticsearch_url)
        redis = RedisClient(settings.redis_url)
        mlflow = MlflowServer(settings.mlflow_url)
        queue = JobQueue(settings.redis_url)
        probes = {
            Dependency.MONGO: Probe(mongo.ping, mongo.address),
            Dependency.ELASTICSEARCH: Probe(search.ping, search.address),
            Dependency.REDIS: Probe(redis.ping, redis.address),
            Dependency.MLFLOW: Probe(mlflow.ping, mlflow.address),
        }
        users = CachedUserRepository(mongo.db, redis.redis, redis.outage)
        codec = AccessTokenCodec(settings.jwt_secret, timedelta(seconds=settings.access_token_ttl_s))
        limiter = LoginRateLimiter(redis.redis, redis.outage, settings.login_attempts_per_minute, window_s=60)
        dataset_repository = DatasetRepository(mongo.db)
        datasets = DatasetService(dataset_repository)
        item_repository = ItemRepository(mongo.db)
        item_index = ItemIndex(search.es)
        job_repository = JobRepository(mongo.db, search.es)
        jobs = JobService(job_repository, queue, JobEventLog(mongo.db, job_repository, EventBus(redis.redis)))
        job_execution = JobExecution(jobs, job_repository)
        index_sync = IndexSync(item_repository, item_index)
        reconcile_requests = ReconcileRequests(queue)
        queue_of_items = AnnotationQueue(datasets, item_repository, item_index, redis.redis, redis.outage)
        agreement = AgreementService(datasets, item_index)
        activity = ActivityService(datasets, item_index, agreement, EventBus(redis.redis), redis.redis, redis.outage)
        training_repository = TrainingRepository(job_repository)
        tracking = MlflowTracking(settings.mlflow_url)
        model_repository = ModelRepository(mongo.db, search.es)
        prediction_log = PredictionLog(model_repository, datasets, item_repository, item_index)
        model_server = ModelServer(
            tracking, EventBus(redis.redis), settings.replica_id, prediction_log.add, settings.max_predict_batch
        )
        training_runner = TrainingRunner(
            training_repository,
            datasets,
            item_repository,
            item_index,
            jobs,
            job_execution,
            tracking,
        )
        model_service = ModelService(tracking, model_repository, training_repository, model_server)
        return cls(
            settings=settings,
            mongo=mongo,
            search=search,
            redis=redis,
            mlflow=mlflow,
            queue=queue,
            health=HealthService(settings.replica_id, probes, settings.probe_timeout_s),
            users=users,
            auth=AuthService(users, codec, limiter),
            user_admin=UserAdminService(users),
            dataset_repository=dataset_repository,
            datasets=datasets,
            item_repository=item_repository,
            item_index=item_index,
            items=ItemService(datasets, item_repository, item_index),
            job_repository=job_repository,
            jobs=jobs,
            job_execution=job_execution,
            imports=ImportService(datasets, item_repository, item_index, jobs, settings.data_dir),
            exports=ExportService(datasets, item_repository, item_index, jobs, settings.data_dir),
            index_sync=index_sync,
            index_jobs=IndexJobs(index_sync, jobs),
            reconcile_requests=reconcile_requests,
            annotation_queue=queue_of_items,
            annotations=AnnotationService(
                datasets, item_repository, item_index, queue_of_items, activity, reconcile_requests
            ),
            agreement=agreement,
            activity=activity,
            training_repository=training_repository,
            training=TrainingService(training_repository, datasets, item_index, jobs),
            training_runner=training_runner,
            model_repository=model_repository,
            prediction_log=prediction_log,
            model_server=model_server,
            models=model_service,
            scoring=ScoringService(datasets, item_repository, item_index, jobs, model_server),
            feedback_loops=FeedbackLoopService(model_repository, model_service, training_repository, datasets),
        )

    async def prepare_storage(self) -> None:
        """Check MongoDB's bootstrap and create Elasticsearch's indices, idempotently; every process calls it at start.

        MongoDB must answer and hold what init-mongo.js creates (raises DatabaseNotBootstrapped, naming the script,
        otherwise). Elasticsearch may be down: the process starts anyway (`health` says so) and the item index is
        created on first use.
        """
        await check_bootstrapped(self.mongo.db, self.mongo.address)
        try:
            await self.item_index.ensure_index()
            await self.job_repository.ensure_index()
            await self.model_repository.ensure_index()
        except (ElasticsearchConnectionError, TransportError):
            log.warning("Elasticsearch is unreachable at start: its indices will be created on first use")

    async def close(self) -> None:
        await self.queue.close()
        await self.mongo.close()
        await self.search.close()
        await self.redis.close()
        await self.mlflow.close()
