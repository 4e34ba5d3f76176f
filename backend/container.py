"""Builds the clients and services one process needs, and closes them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

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
from backend.automations.repository import AutomationLocks, AutomationRepository
from backend.automations.service import AutomationService
from backend.clients.elasticsearch import SearchClient
from backend.clients.events import EventBus
from backend.clients.mlflow import MlflowServer, MlflowTracking
from backend.clients.mongo import MongoClient
from backend.clients.mongo_bootstrap import check_bootstrapped
from backend.clients.queue import JobQueue
from backend.clients.redis import RedisClient
from backend.datasets.repository import DatasetRepository
from backend.datasets.service import DatasetService
from backend.errors import Unavailable
from backend.exports.service import ExportService
from backend.health.entities import Dependency
from backend.health.service import HealthService, Probe
from backend.imports.service import ImportService
from backend.items.index import ItemIndex
from backend.items.repository import ItemRepository
from backend.items.service import ItemService
from backend.items.store import ItemStore, ReconcileRequests
from backend.items.sync import IndexJobs, IndexSync
from backend.jobs.events import JobEventLog
from backend.jobs.execution import JobExecution
from backend.jobs.repository import JobRepository
from backend.jobs.service import JobService
from backend.models.alias_store import AliasRepository
from backend.models.aliases import AliasService
from backend.models.comparison import ComparisonRepository, ComparisonService
from backend.models.directory import RouteDirectory
from backend.models.evaluation import EvaluationSets
from backend.models.evaluation_store import EvaluationRepository
from backend.models.feedback import FeedbackLoopService
from backend.models.predictions import PredictionLog
from backend.models.promotion import PromotionService
from backend.models.promotion_store import PromotionStore
from backend.models.repository import ModelRepository
from backend.models.routing import Predictor
from backend.models.service import ModelService, ScoringService
from backend.models.serving import ModelServer
from backend.models.shadow import ShadowScorer, ShadowService
from backend.models.versions_cache import VersionCache
from backend.settings import Settings
from backend.training.repository import TrainingRepository
from backend.training.runner import TrainingRunner
from backend.training.service import TrainingService
from backend.training.sets_frozen import FrozenSetStore
from backend.training.sets_repository import TrainingSetRepository
from backend.training.sets_service import TrainingSetService

log = logging.getLogger("labelloop.services")


@dataclass(slots=True)
class Storage:
    """The clients and repositories of one process: built, prepared and closed by the container, and used by the
    command line's maintenance (backup, restore). Resolvers never reach them: they call services."""

    mongo: MongoClient
    search: SearchClient
    redis: RedisClient
    mlflow: MlflowServer
    queue: JobQueue
    users: UserRepository
    datasets: DatasetRepository
    items: ItemRepository
    item_index: ItemIndex
    jobs: JobRepository
    training: TrainingRepository
    models: ModelRepository
    training_sets: TrainingSetRepository
    frozen_sets: FrozenSetStore
    automations: AutomationRepository
    evaluations: EvaluationRepository
    promotions: PromotionStore

    @classmethod
    def create(cls, settings: Settings) -> Storage:
        mongo = MongoClient(settings.mongo_uri, settings.mongo_db)
        search = SearchClient(settings.elasticsearch_url, settings.elasticsearch_replicas)
        redis = RedisClient(settings.redis_url)
        jobs = JobRepository(mongo.db, search.es, search.replicas)
        return cls(
            mongo=mongo,
            search=search,
            redis=redis,
            mlflow=MlflowServer(settings.mlflow_url),
            queue=JobQueue(settings.redis_url),
            users=CachedUserRepository(mongo.db, redis.redis, redis.outage),
            datasets=DatasetRepository(mongo.db),
            items=ItemRepository(mongo.db),
            item_index=ItemIndex(search.es, search.replicas),
            jobs=jobs,
            training=TrainingRepository(jobs),  # training runs are jobs of kind TRAINING
            models=ModelRepository(mongo.db, search.es, search.replicas),
            training_sets=TrainingSetRepository(mongo.db),
            frozen_sets=FrozenSetStore(mongo.db),
            automations=AutomationRepository(mongo.db),
            evaluations=EvaluationRepository(mongo.db),
            promotions=PromotionStore(mongo.db),
        )

    async def prepare(self) -> None:
        """Check MongoDB's bootstrap and create Elasticsearch's indices, idempotently (see Services.prepare_storage)."""
        await check_bootstrapped(self.mongo.db, self.mongo.address)
        try:
            await self.item_index.ensure_index()
            await self.jobs.ensure_index()
            await self.models.ensure_index()
        except Unavailable:
            log.warning("Elasticsearch is unreachable at start: its indices will be created on first use")

    async def close(self) -> None:
        await self.queue.close()
        await self.mongo.close()
        await self.search.close()
        await self.redis.close()
        await self.mlflow.close()


@dataclass(slots=True)
class Services:
    """Every service a resolver or a job may call; one instance per process. Clients and repositories stay in
    `storage`, for the container and the command line's maintenance only."""

    settings: Settings
    storage: Storage
    health: HealthService
    auth: AuthService
    user_admin: UserAdminService
    datasets: DatasetService
    items: ItemService
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
    training: TrainingService
    training_runner: TrainingRunner
    prediction_log: PredictionLog
    model_server: ModelServer
    models: ModelService
    scoring: ScoringService
    feedback_loops: FeedbackLoopService
    training_sets: TrainingSetService
    automations: AutomationService
    model_routes: RouteDirectory
    aliases: AliasService
    shadow: ShadowService
    shadow_scorer: ShadowScorer
    predictor: Predictor
    comparison: ComparisonService
    evaluation_sets: EvaluationSets
    promotions: PromotionService

    @classmethod
    def create(cls, settings: Settings) -> Services:
        storage = Storage.create(settings)
        mongo, search, redis, mlflow = storage.mongo, storage.search, storage.redis, storage.mlflow
        probes = {
            Dependency.MONGO: Probe(mongo.ping, mongo.address),
            Dependency.ELASTICSEARCH: Probe(search.ping, search.address),
            Dependency.REDIS: Probe(redis.ping, redis.address),
            Dependency.MLFLOW: Probe(mlflow.ping, mlflow.address),
        }
        codec = AccessTokenCodec(settings.jwt_secret, timedelta(seconds=settings.access_token_ttl_s))
        limiter = LoginRateLimiter(redis.redis, redis.outage, settings.login_attempts_per_minute, window_s=60)
        datasets = DatasetService(storage.datasets)
        jobs = JobService(storage.jobs, storage.queue, JobEventLog(mongo.db, storage.jobs, EventBus(redis.redis)))
        job_execution = JobExecution(jobs, storage.jobs)
        reconcile_requests = ReconcileRequests(storage.queue)
        item_store = ItemStore(storage.items, storage.item_index, reconcile_requests)
        index_sync = IndexSync(item_store, storage.items, storage.item_index)
        queue_of_items = AnnotationQueue(datasets, item_store, redis.redis, redis.outage)
        agreement = AgreementService(datasets, item_store)
        activity = ActivityService(datasets, item_store, agreement, EventBus(redis.redis), redis.redis, redis.outage)
        tracking = MlflowTracking(settings.mlflow_url)
        prediction_log = PredictionLog(storage.models, datasets, item_store)
        model_server = ModelServer(
            tracking,
            EventBus(redis.redis),
            settings.replica_id,
            prediction_log.add,
            settings.max_predict_batch,
            production=storage.models.production_version,  # MongoDB's record is the truth
        )
        training_sets = TrainingSetService(storage.training_sets, datasets)
        training = TrainingService(storage.training, datasets, item_store, jobs, training_sets, storage.frozen_sets)
        evaluation_sets = EvaluationSets(storage.evaluations, datasets, item_store, tracking)
        training_runner = TrainingRunner(
            storage.training,
            datasets,
            item_store,
            jobs,
            job_execution,
            tracking,
            storage.frozen_sets,
            excluded=evaluation_sets.excluded_ids,  # no training includes an evaluation item
        )
        model_service = ModelService(tracking, storage.models, training, model_server)
        scoring = ScoringService(datasets, item_store, jobs, model_server)
        alias_store = AliasRepository(mongo.db)
        model_routes = RouteDirectory(alias_store, EventBus(redis.redis))
        aliases = AliasService(tracking, alias_store, model_routes, model_service)
        versions = VersionCache(tracking, model_server)
        shadow_scorer = ShadowScorer(model_server, model_routes, versions)
        promotions = PromotionService(
            jobs,
            model_service,
            storage.models,
            storage.promotions,
            evaluation_sets,
            datasets,
            scoring,
            tracking,
            model_server,
        )
        return cls(
            settings=settings,
            storage=storage,
            health=HealthService(settings.replica_id, probes, settings.probe_timeout_s),
            auth=AuthService(storage.users, codec, limiter),
            user_admin=UserAdminService(storage.users),
            datasets=datasets,
            items=ItemService(datasets, item_store),
            jobs=jobs,
            job_execution=job_execution,
            imports=ImportService(datasets, item_store, jobs, settings.data_dir),
            exports=ExportService(datasets, item_store, jobs, settings.data_dir),
            index_sync=index_sync,
            index_jobs=IndexJobs(index_sync, jobs),
            reconcile_requests=reconcile_requests,
            annotation_queue=queue_of_items,
            annotations=AnnotationService(datasets, item_store, queue_of_items, activity),
            agreement=agreement,
            activity=activity,
            training=training,
            training_runner=training_runner,
            prediction_log=prediction_log,
            model_server=model_server,
            models=model_service,
            scoring=scoring,
            feedback_loops=FeedbackLoopService(storage.models, model_service, datasets),
            training_sets=training_sets,
            automations=AutomationService(
                storage.automations,
                model_service,
                training,
                item_store,
                jobs,
                AutomationLocks(redis.redis),
                promoter=promotions,  # an automated run's version goes to a promotion job (its gate, its mode)
            ),
            model_routes=model_routes,
            aliases=aliases,
            shadow=ShadowService(tracking, alias_store, model_routes),
            shadow_scorer=shadow_scorer,
            predictor=Predictor(tracking, model_server, aliases, versions, shadow_scorer),
            comparison=ComparisonService(ComparisonRepository(search.es)),
            evaluation_sets=evaluation_sets,
            promotions=promotions,
        )

    async def prepare_storage(self) -> None:
        """Check MongoDB's bootstrap and create Elasticsearch's indices, idempotently; every process calls it at start.

        MongoDB must answer and hold what init-mongo.js creates (raises DatabaseNotBootstrapped, naming the script,
        otherwise). Elasticsearch may be down: the process starts anyway (`health` says so) and the item index is
        created on first use.
        """
        await self.storage.prepare()

    async def close(self) -> None:
        await self.storage.close()
