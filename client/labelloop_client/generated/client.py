from collections.abc import AsyncIterator
from typing import Any, Optional, Union

from .annotate_answer import AnnotateAnswer
from .annotate_item import AnnotateItem
from .async_base_client import AsyncBaseClient
from .automation import Automation
from .base_model import UNSET, UnsetType
from .cancel_job import CancelJob
from .cancel_training import CancelTraining
from .challenger_comparison import ChallengerComparison
from .compare_training_runs import CompareTrainingRuns
from .create_api_token import CreateApiToken
from .create_dataset import CreateDataset
from .create_training_set import CreateTrainingSet
from .dataset import Dataset
from .delete_training_set import DeleteTrainingSet
from .enums import ItemSort, JobState, ModelType, PredictionSource, PromotionMode
from .export_items import ExportItems
from .follow_training_run import FollowTrainingRun
from .input_types import (
    CreateDatasetInput,
    ItemFilter,
    SpanInputType,
    TrainingSetInput,
    ValidationInput,
)
from .item import Item
from .item_answers import ItemAnswers
from .job import Job
from .latest_promotion import LatestPromotion
from .login import Login
from .pause_automation import PauseAutomation
from .predict import Predict
from .promote_model_version import PromoteModelVersion
from .refresh_access_token import RefreshAccessToken
from .remove_model_alias import RemoveModelAlias
from .rollback_model import RollbackModel
from .search import Search
from .set_automation import SetAutomation
from .set_gold_answer import SetGoldAnswer
from .set_model_alias import SetModelAlias
from .set_shadow_traffic import SetShadowTraffic
from .shadow_traffic import ShadowTraffic
from .start_training import StartTraining
from .training_run import TrainingRun
from .training_run_items import TrainingRunItems
from .training_runs import TrainingRuns
from .training_sets import TrainingSets
from .update_training_set import UpdateTrainingSet
from .viewer import Viewer


def gql(q: str) -> str:
    return q


class GeneratedClient(AsyncBaseClient):
    async def login(self, username: str, password: str, **kwargs: Any) -> Login:
        query = gql("""
            mutation Login($username: String!, $password: String!) {
              login(username: $username, password: $password) {
                __typename
                ... on LoginSuccess {
                  accessToken
                  expiresAt
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"username": username, "password": password}
        response = await self.execute(
            query=query, operation_name="Login", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Login.model_validate(data)

    async def refresh_access_token(self, **kwargs: Any) -> RefreshAccessToken:
        query = gql("""
            mutation RefreshAccessToken {
              refreshAccessToken {
                accessToken
                expiresAt
              }
            }
            """)
        variables: dict[str, object] = {}
        response = await self.execute(
            query=query,
            operation_name="RefreshAccessToken",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return RefreshAccessToken.model_validate(data)

    async def viewer(self, **kwargs: Any) -> Viewer:
        query = gql("""
            query Viewer {
              viewer {
                ...ViewerFields
              }
            }

            fragment KeyboardShortcutsFields on KeyboardShortcuts {
              enabled
              labelHotkeys
              submit
              skip
              undo
              previous
              next
              note
            }

            fragment ViewerFields on Viewer {
              authMethod
              user {
                id
                username
                role
                disabled
                createdAt
              }
              permissions {
                permission
                description
                enabled
                disabledReason
              }
              apiTokens {
                id
                name
                createdAt
                revokedAt
              }
              keyboardShortcuts {
                ...KeyboardShortcutsFields
              }
            }
            """)
        variables: dict[str, object] = {}
        response = await self.execute(
            query=query, operation_name="Viewer", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Viewer.model_validate(data)

    async def create_api_token(self, name: str, **kwargs: Any) -> CreateApiToken:
        query = gql("""
            mutation CreateApiToken($name: String!) {
              createApiToken(name: $name) {
                __typename
                ... on CreateApiTokenSuccess {
                  token
                  apiToken {
                    id
                    name
                    createdAt
                    revokedAt
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"name": name}
        response = await self.execute(
            query=query, operation_name="CreateApiToken", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CreateApiToken.model_validate(data)

    async def automation(self, model: str, **kwargs: Any) -> Automation:
        query = gql("""
            query Automation($model: String!) {
              automation(model: $model) {
                ...AutomationFields
              }
            }

            fragment AutomationFields on Automation {
              model
              datasetId
              enabled
              labelThreshold
              everyMinutes
              dailyAt
              mode
              updatedBy
              updatedAt
              countingSince
              newLabels
              lastRun {
                runId
                at
                trigger
                labelCount
                handoff
              }
            }
            """)
        variables: dict[str, object] = {"model": model}
        response = await self.execute(
            query=query, operation_name="Automation", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Automation.model_validate(data)

    async def set_automation(
        self,
        model: str,
        mode: PromotionMode,
        enabled: bool,
        label_threshold: Union[Optional[int], UnsetType] = UNSET,
        every_minutes: Union[Optional[int], UnsetType] = UNSET,
        daily_at: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> SetAutomation:
        query = gql("""
            mutation SetAutomation($model: String!, $labelThreshold: Int, $everyMinutes: Int, $dailyAt: String, $mode: PromotionMode!, $enabled: Boolean!) {
              setAutomation(
                model: $model
                labelThreshold: $labelThreshold
                everyMinutes: $everyMinutes
                dailyAt: $dailyAt
                mode: $mode
                enabled: $enabled
              ) {
                __typename
                ... on AutomationSuccess {
                  automation {
                    ...AutomationFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment AutomationFields on Automation {
              model
              datasetId
              enabled
              labelThreshold
              everyMinutes
              dailyAt
              mode
              updatedBy
              updatedAt
              countingSince
              newLabels
              lastRun {
                runId
                at
                trigger
                labelCount
                handoff
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {
            "model": model,
            "labelThreshold": label_threshold,
            "everyMinutes": every_minutes,
            "dailyAt": daily_at,
            "mode": mode,
            "enabled": enabled,
        }
        response = await self.execute(
            query=query, operation_name="SetAutomation", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return SetAutomation.model_validate(data)

    async def pause_automation(
        self, model: str, paused: bool, **kwargs: Any
    ) -> PauseAutomation:
        query = gql("""
            mutation PauseAutomation($model: String!, $paused: Boolean!) {
              pauseAutomation(model: $model, paused: $paused) {
                __typename
                ... on AutomationSuccess {
                  automation {
                    ...AutomationFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment AutomationFields on Automation {
              model
              datasetId
              enabled
              labelThreshold
              everyMinutes
              dailyAt
              mode
              updatedBy
              updatedAt
              countingSince
              newLabels
              lastRun {
                runId
                at
                trigger
                labelCount
                handoff
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"model": model, "paused": paused}
        response = await self.execute(
            query=query, operation_name="PauseAutomation", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return PauseAutomation.model_validate(data)

    async def dataset(self, id: str, **kwargs: Any) -> Dataset:
        query = gql("""
            query Dataset($id: ID!) {
              dataset(id: $id) {
                ...DatasetFields
              }
            }

            fragment DatasetFields on Dataset {
              id
              name
              kind
              taskType
              labels {
                name
                hotkey
                color
              }
              instructions
              settings {
                overlapTarget
                blind
                queueOrder
              }
              featureNames
              archived
              createdAt
              updatedAt
              itemCount
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="Dataset", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Dataset.model_validate(data)

    async def search(
        self,
        dataset_id: str,
        sort: ItemSort,
        first: int,
        with_facets: bool,
        query: Union[Optional[str], UnsetType] = UNSET,
        filter_: Union[Optional[ItemFilter], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> Search:
        _query = gql("""
            query Search($datasetId: ID!, $query: String, $filter: ItemFilter, $sort: ItemSort!, $first: Int!, $after: String, $withFacets: Boolean!) {
              search(
                datasetId: $datasetId
                query: $query
                filter: $filter
                sort: $sort
                first: $first
                after: $after
              ) {
                __typename
                ... on SearchResults {
                  totalCount
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  nodes {
                    ...SearchHitFields
                  }
                  facets @include(if: $withFacets) {
                    statuses {
                      ...FacetCountFields
                    }
                    labels {
                      ...FacetCountFields
                    }
                    goldLabels {
                      ...FacetCountFields
                    }
                    annotators {
                      ...FacetCountFields
                    }
                    spanTexts {
                      ...FacetCountFields
                    }
                    spanMarks {
                      label
                      text
                      count
                    }
                    metadata {
                      key
                      values {
                        ...FacetCountFields
                      }
                    }
                    metadataRanges {
                      key
                      buckets {
                        min
                        max
                        count
                      }
                    }
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment FacetCountFields on FacetCount {
              value
              count
            }

            fragment SearchHitFields on SearchHit {
              cursor
              itemId
              externalId
              text
              features {
                name
                value
              }
              metadata {
                key
                value
              }
              status
              goldLabel
              labels
              highlights
              score
              createdAt
            }
            """)
        variables: dict[str, object] = {
            "datasetId": dataset_id,
            "query": query,
            "filter": filter_,
            "sort": sort,
            "first": first,
            "after": after,
            "withFacets": with_facets,
        }
        response = await self.execute(
            query=_query, operation_name="Search", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Search.model_validate(data)

    async def item(self, id: str, **kwargs: Any) -> Item:
        query = gql("""
            query Item($id: ID!) {
              item(id: $id) {
                ...ItemFields
              }
            }

            fragment ItemFields on Item {
              id
              datasetId
              externalId
              text
              features {
                name
                value
              }
              metadata {
                key
                value
              }
              status
              goldLabel
              goldLabels
              goldSpans {
                ...SpanFields
              }
              agreement
              suggestion {
                label
                confidence
                model
                version
                at
                labels {
                  label
                  score
                }
                spans {
                  ...SpanFields
                }
              }
              revision
              createdAt
              updatedAt
              annotations {
                annotator
                label
                labels
                spans {
                  ...SpanFields
                }
                note
                createdAt
                updatedAt
                suggestionAccepted
              }
              history {
                at
                actor
                action
                label
                comment
              }
            }

            fragment SpanFields on Span {
              start
              end
              label
              text
              score
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="Item", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Item.model_validate(data)

    async def annotate_item(
        self,
        item_id: str,
        label: Union[Optional[str], UnsetType] = UNSET,
        labels: Union[Optional[list[str]], UnsetType] = UNSET,
        none_of_these: Union[Optional[bool], UnsetType] = UNSET,
        spans: Union[Optional[list[SpanInputType]], UnsetType] = UNSET,
        note: Union[Optional[str], UnsetType] = UNSET,
        accepted_suggestion: Union[Optional[bool], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AnnotateItem:
        query = gql("""
            mutation AnnotateItem($itemId: ID!, $label: String, $labels: [String!], $noneOfThese: Boolean, $spans: [SpanInputType!], $note: String, $acceptedSuggestion: Boolean) {
              annotateItem(
                itemId: $itemId
                label: $label
                labels: $labels
                noneOfThese: $noneOfThese
                spans: $spans
                note: $note
                acceptedSuggestion: $acceptedSuggestion
              ) {
                ...AnnotateItemOutcome
              }
            }

            fragment AnnotateItemOutcome on AnnotateItemResult {
              __typename
              ... on ItemSuccess {
                item {
                  ...ItemFields
                }
              }
              ...ErrorFields
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment ItemFields on Item {
              id
              datasetId
              externalId
              text
              features {
                name
                value
              }
              metadata {
                key
                value
              }
              status
              goldLabel
              goldLabels
              goldSpans {
                ...SpanFields
              }
              agreement
              suggestion {
                label
                confidence
                model
                version
                at
                labels {
                  label
                  score
                }
                spans {
                  ...SpanFields
                }
              }
              revision
              createdAt
              updatedAt
              annotations {
                annotator
                label
                labels
                spans {
                  ...SpanFields
                }
                note
                createdAt
                updatedAt
                suggestionAccepted
              }
              history {
                at
                actor
                action
                label
                comment
              }
            }

            fragment SpanFields on Span {
              start
              end
              label
              text
              score
            }
            """)
        variables: dict[str, object] = {
            "itemId": item_id,
            "label": label,
            "labels": labels,
            "noneOfThese": none_of_these,
            "spans": spans,
            "note": note,
            "acceptedSuggestion": accepted_suggestion,
        }
        response = await self.execute(
            query=query, operation_name="AnnotateItem", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return AnnotateItem.model_validate(data)

    async def latest_promotion(self, name: str, **kwargs: Any) -> LatestPromotion:
        query = gql("""
            query LatestPromotion($name: String!) {
              promotionHistory(name: $name, first: 1) {
                nodes {
                  ...PromotionEventFields
                }
              }
            }

            fragment PromotionEventFields on PromotionEvent {
              id
              model
              action
              version
              previousVersion
              actor
              reason
              at
              runId
              metrics
              gate
              overrideReason
              jobId
            }
            """)
        variables: dict[str, object] = {"name": name}
        response = await self.execute(
            query=query, operation_name="LatestPromotion", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return LatestPromotion.model_validate(data)

    async def promote_model_version(
        self, name: str, version: str, reason: str, mode: PromotionMode, **kwargs: Any
    ) -> PromoteModelVersion:
        query = gql("""
            mutation PromoteModelVersion($name: String!, $version: String!, $reason: String!, $mode: PromotionMode! = AUTO) {
              promoteModelVersion(
                name: $name
                version: $version
                reason: $reason
                mode: $mode
              ) {
                ...PromotionOutcome
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment PromotionOutcome on PromotionResult {
              __typename
              ... on PromotionJobSuccess {
                job {
                  id
                  kind
                  state
                  datasetId
                  done
                  total
                  message
                  problems {
                    line
                    reason
                  }
                  problemCount
                  createdAt
                  startedAt
                  finishedAt
                  result
                }
              }
              ...ErrorFields
            }
            """)
        variables: dict[str, object] = {
            "name": name,
            "version": version,
            "reason": reason,
            "mode": mode,
        }
        response = await self.execute(
            query=query,
            operation_name="PromoteModelVersion",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return PromoteModelVersion.model_validate(data)

    async def rollback_model(
        self, name: str, reason: str, **kwargs: Any
    ) -> RollbackModel:
        query = gql("""
            mutation RollbackModel($name: String!, $reason: String!) {
              rollbackModel(name: $name, reason: $reason) {
                ...PromotionOutcome
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment PromotionOutcome on PromotionResult {
              __typename
              ... on PromotionJobSuccess {
                job {
                  id
                  kind
                  state
                  datasetId
                  done
                  total
                  message
                  problems {
                    line
                    reason
                  }
                  problemCount
                  createdAt
                  startedAt
                  finishedAt
                  result
                }
              }
              ...ErrorFields
            }
            """)
        variables: dict[str, object] = {"name": name, "reason": reason}
        response = await self.execute(
            query=query, operation_name="RollbackModel", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return RollbackModel.model_validate(data)

    async def predict(
        self,
        model: str,
        inputs: list[Any],
        traffic: PredictionSource,
        version: Union[Optional[str], UnsetType] = UNSET,
        alias: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> Predict:
        query = gql("""
            query Predict($model: String!, $inputs: [JSON!]!, $traffic: PredictionSource! = PRODUCTION, $version: String = null, $alias: String = null) {
              predict(
                model: $model
                inputs: $inputs
                traffic: $traffic
                version: $version
                alias: $alias
              ) {
                __typename
                ... on Prediction {
                  model
                  version
                  replica
                  latencyMs
                  rows {
                    label
                    confidence
                    probabilities {
                      label
                      probability
                    }
                    labels {
                      label
                      score
                    }
                    spans {
                      start
                      end
                      label
                      text
                      score
                    }
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {
            "model": model,
            "inputs": inputs,
            "traffic": traffic,
            "version": version,
            "alias": alias,
        }
        response = await self.execute(
            query=query, operation_name="Predict", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Predict.model_validate(data)

    async def set_model_alias(
        self, name: str, alias: str, version: str, reason: str, **kwargs: Any
    ) -> SetModelAlias:
        query = gql("""
            mutation SetModelAlias($name: String!, $alias: String!, $version: String!, $reason: String!) {
              setModelAlias(name: $name, alias: $alias, version: $version, reason: $reason) {
                ...AliasOutcome
              }
            }

            fragment AliasOutcome on AliasResult {
              __typename
              ... on AliasSuccess {
                event {
                  id
                  model
                  alias
                  version
                  previousVersion
                  actor
                  reason
                  at
                }
              }
              ...ErrorFields
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {
            "name": name,
            "alias": alias,
            "version": version,
            "reason": reason,
        }
        response = await self.execute(
            query=query, operation_name="SetModelAlias", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return SetModelAlias.model_validate(data)

    async def remove_model_alias(
        self, name: str, alias: str, reason: str, **kwargs: Any
    ) -> RemoveModelAlias:
        query = gql("""
            mutation RemoveModelAlias($name: String!, $alias: String!, $reason: String!) {
              removeModelAlias(name: $name, alias: $alias, reason: $reason) {
                ...AliasOutcome
              }
            }

            fragment AliasOutcome on AliasResult {
              __typename
              ... on AliasSuccess {
                event {
                  id
                  model
                  alias
                  version
                  previousVersion
                  actor
                  reason
                  at
                }
              }
              ...ErrorFields
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"name": name, "alias": alias, "reason": reason}
        response = await self.execute(
            query=query,
            operation_name="RemoveModelAlias",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return RemoveModelAlias.model_validate(data)

    async def shadow_traffic(self, model: str, **kwargs: Any) -> ShadowTraffic:
        query = gql("""
            query ShadowTraffic($model: String!) {
              shadowTraffic(model: $model) {
                ...ShadowTrafficFields
              }
            }

            fragment ShadowTrafficFields on ShadowTraffic {
              model
              alias
              percent
              version
            }
            """)
        variables: dict[str, object] = {"model": model}
        response = await self.execute(
            query=query, operation_name="ShadowTraffic", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ShadowTraffic.model_validate(data)

    async def set_shadow_traffic(
        self,
        model: str,
        percent: int,
        alias: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> SetShadowTraffic:
        query = gql("""
            mutation SetShadowTraffic($model: String!, $alias: String, $percent: Int!) {
              setShadowTraffic(model: $model, alias: $alias, percent: $percent) {
                __typename
                ... on ShadowTrafficSuccess {
                  shadow {
                    ...ShadowTrafficFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment ShadowTrafficFields on ShadowTraffic {
              model
              alias
              percent
              version
            }
            """)
        variables: dict[str, object] = {
            "model": model,
            "alias": alias,
            "percent": percent,
        }
        response = await self.execute(
            query=query,
            operation_name="SetShadowTraffic",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return SetShadowTraffic.model_validate(data)

    async def challenger_comparison(
        self, name: str, minutes: int, **kwargs: Any
    ) -> ChallengerComparison:
        query = gql("""
            query ChallengerComparison($name: String!, $minutes: Int! = 60) {
              challengerComparison(name: $name, minutes: $minutes) {
                model
                since
                paired
                agreements
                agreementRate
                championMeanConfidence
                challengerMeanConfidence
                labels {
                  label
                  paired
                  agreements
                  rate
                }
                versions {
                  championVersion
                  challengerVersion
                  paired
                }
              }
            }
            """)
        variables: dict[str, object] = {"name": name, "minutes": minutes}
        response = await self.execute(
            query=query,
            operation_name="ChallengerComparison",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return ChallengerComparison.model_validate(data)

    async def training_sets(
        self,
        dataset_id: str,
        first: int,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> TrainingSets:
        query = gql("""
            query TrainingSets($datasetId: ID!, $first: Int! = 50, $after: String) {
              trainingSets(datasetId: $datasetId, first: $first, after: $after) {
                totalCount
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  ...TrainingSetFields
                }
              }
            }

            fragment TrainingSetFields on TrainingSet {
              id
              datasetId
              name
              filter
              labelRule
              minAgreement
              createdBy
              createdAt
              updatedAt
            }
            """)
        variables: dict[str, object] = {
            "datasetId": dataset_id,
            "first": first,
            "after": after,
        }
        response = await self.execute(
            query=query, operation_name="TrainingSets", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return TrainingSets.model_validate(data)

    async def create_training_set(
        self, dataset_id: str, input: TrainingSetInput, **kwargs: Any
    ) -> CreateTrainingSet:
        query = gql("""
            mutation CreateTrainingSet($datasetId: ID!, $input: TrainingSetInput!) {
              createTrainingSet(datasetId: $datasetId, input: $input) {
                ...SaveTrainingSetOutcome
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment SaveTrainingSetOutcome on SaveTrainingSetResult {
              __typename
              ... on TrainingSetSuccess {
                trainingSet {
                  ...TrainingSetFields
                }
              }
              ...ErrorFields
            }

            fragment TrainingSetFields on TrainingSet {
              id
              datasetId
              name
              filter
              labelRule
              minAgreement
              createdBy
              createdAt
              updatedAt
            }
            """)
        variables: dict[str, object] = {"datasetId": dataset_id, "input": input}
        response = await self.execute(
            query=query,
            operation_name="CreateTrainingSet",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return CreateTrainingSet.model_validate(data)

    async def update_training_set(
        self, id: str, input: TrainingSetInput, **kwargs: Any
    ) -> UpdateTrainingSet:
        query = gql("""
            mutation UpdateTrainingSet($id: ID!, $input: TrainingSetInput!) {
              updateTrainingSet(id: $id, input: $input) {
                ...SaveTrainingSetOutcome
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment SaveTrainingSetOutcome on SaveTrainingSetResult {
              __typename
              ... on TrainingSetSuccess {
                trainingSet {
                  ...TrainingSetFields
                }
              }
              ...ErrorFields
            }

            fragment TrainingSetFields on TrainingSet {
              id
              datasetId
              name
              filter
              labelRule
              minAgreement
              createdBy
              createdAt
              updatedAt
            }
            """)
        variables: dict[str, object] = {"id": id, "input": input}
        response = await self.execute(
            query=query,
            operation_name="UpdateTrainingSet",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return UpdateTrainingSet.model_validate(data)

    async def delete_training_set(self, id: str, **kwargs: Any) -> DeleteTrainingSet:
        query = gql("""
            mutation DeleteTrainingSet($id: ID!) {
              deleteTrainingSet(id: $id) {
                __typename
                ... on DeleteTrainingSetSuccess {
                  id
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query,
            operation_name="DeleteTrainingSet",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return DeleteTrainingSet.model_validate(data)

    async def training_run_items(
        self,
        run_id: str,
        first: int,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> TrainingRunItems:
        query = gql("""
            query TrainingRunItems($runId: ID!, $first: Int! = 200, $after: String) {
              trainingRunItems(runId: $runId, first: $first, after: $after) {
                totalCount
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  itemId
                  label
                  contentSha256
                }
              }
            }
            """)
        variables: dict[str, object] = {"runId": run_id, "first": first, "after": after}
        response = await self.execute(
            query=query,
            operation_name="TrainingRunItems",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return TrainingRunItems.model_validate(data)

    async def create_dataset(
        self, input: CreateDatasetInput, **kwargs: Any
    ) -> CreateDataset:
        query = gql("""
            mutation CreateDataset($input: CreateDatasetInput!) {
              createDataset(input: $input) {
                __typename
                ... on DatasetSuccess {
                  dataset {
                    ...DatasetFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment DatasetFields on Dataset {
              id
              name
              kind
              taskType
              labels {
                name
                hotkey
                color
              }
              instructions
              settings {
                overlapTarget
                blind
                queueOrder
              }
              featureNames
              archived
              createdAt
              updatedAt
              itemCount
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"input": input}
        response = await self.execute(
            query=query, operation_name="CreateDataset", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CreateDataset.model_validate(data)

    async def annotate_answer(
        self,
        item_id: str,
        label: Union[Optional[str], UnsetType] = UNSET,
        labels: Union[Optional[list[str]], UnsetType] = UNSET,
        none_of_these: Union[Optional[bool], UnsetType] = UNSET,
        spans: Union[Optional[list[SpanInputType]], UnsetType] = UNSET,
        note: Union[Optional[str], UnsetType] = UNSET,
        accepted_suggestion: Union[Optional[bool], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> AnnotateAnswer:
        query = gql("""
            mutation AnnotateAnswer($itemId: ID!, $label: String, $labels: [String!], $noneOfThese: Boolean, $spans: [SpanInputType!], $note: String, $acceptedSuggestion: Boolean) {
              annotateItem(
                itemId: $itemId
                label: $label
                labels: $labels
                noneOfThese: $noneOfThese
                spans: $spans
                note: $note
                acceptedSuggestion: $acceptedSuggestion
              ) {
                __typename
                ... on ItemSuccess {
                  item {
                    ...ItemAnswerFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment ItemAnswerFields on Item {
              id
              status
              goldLabel
              goldLabels
              goldSpans {
                start
                end
                label
                text
              }
              annotations {
                annotator
                labels
                spans {
                  start
                  end
                  label
                  text
                }
                note
                suggestionAccepted
              }
            }
            """)
        variables: dict[str, object] = {
            "itemId": item_id,
            "label": label,
            "labels": labels,
            "noneOfThese": none_of_these,
            "spans": spans,
            "note": note,
            "acceptedSuggestion": accepted_suggestion,
        }
        response = await self.execute(
            query=query, operation_name="AnnotateAnswer", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return AnnotateAnswer.model_validate(data)

    async def set_gold_answer(
        self,
        item_id: str,
        label: Union[Optional[str], UnsetType] = UNSET,
        labels: Union[Optional[list[str]], UnsetType] = UNSET,
        none_of_these: Union[Optional[bool], UnsetType] = UNSET,
        spans: Union[Optional[list[SpanInputType]], UnsetType] = UNSET,
        comment: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> SetGoldAnswer:
        query = gql("""
            mutation SetGoldAnswer($itemId: ID!, $label: String, $labels: [String!], $noneOfThese: Boolean, $spans: [SpanInputType!], $comment: String) {
              setGoldLabel(
                itemId: $itemId
                label: $label
                labels: $labels
                noneOfThese: $noneOfThese
                spans: $spans
                comment: $comment
              ) {
                __typename
                ... on ItemSuccess {
                  item {
                    ...ItemAnswerFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment ItemAnswerFields on Item {
              id
              status
              goldLabel
              goldLabels
              goldSpans {
                start
                end
                label
                text
              }
              annotations {
                annotator
                labels
                spans {
                  start
                  end
                  label
                  text
                }
                note
                suggestionAccepted
              }
            }
            """)
        variables: dict[str, object] = {
            "itemId": item_id,
            "label": label,
            "labels": labels,
            "noneOfThese": none_of_these,
            "spans": spans,
            "comment": comment,
        }
        response = await self.execute(
            query=query, operation_name="SetGoldAnswer", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return SetGoldAnswer.model_validate(data)

    async def item_answers(self, id: str, **kwargs: Any) -> ItemAnswers:
        query = gql("""
            query ItemAnswers($id: ID!) {
              item(id: $id) {
                ...ItemAnswerFields
              }
            }

            fragment ItemAnswerFields on Item {
              id
              status
              goldLabel
              goldLabels
              goldSpans {
                start
                end
                label
                text
              }
              annotations {
                annotator
                labels
                spans {
                  start
                  end
                  label
                  text
                }
                note
                suggestionAccepted
              }
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="ItemAnswers", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ItemAnswers.model_validate(data)

    async def export_items(
        self,
        dataset_id: str,
        filter_: Union[Optional[ItemFilter], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> ExportItems:
        query = gql("""
            mutation ExportItems($datasetId: ID!, $filter: ItemFilter) {
              exportItems(datasetId: $datasetId, format: JSONL, filter: $filter) {
                __typename
                ... on JobSuccess {
                  job {
                    ...JobFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment JobFields on Job {
              id
              kind
              state
              message
              done
              total
              problemCount
              result
            }
            """)
        variables: dict[str, object] = {"datasetId": dataset_id, "filter": filter_}
        response = await self.execute(
            query=query, operation_name="ExportItems", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ExportItems.model_validate(data)

    async def job(self, id: str, **kwargs: Any) -> Job:
        query = gql("""
            query Job($id: ID!) {
              job(id: $id) {
                ...JobFields
              }
            }

            fragment JobFields on Job {
              id
              kind
              state
              message
              done
              total
              problemCount
              result
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="Job", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Job.model_validate(data)

    async def start_training(
        self,
        dataset_id: str,
        model_type: ModelType,
        params: Union[Optional[Any], UnsetType] = UNSET,
        training_set: Union[Optional[ItemFilter], UnsetType] = UNSET,
        validation: Union[Optional[ValidationInput], UnsetType] = UNSET,
        min_agreement: Union[Optional[float], UnsetType] = UNSET,
        training_set_id: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> StartTraining:
        query = gql("""
            mutation StartTraining($datasetId: ID!, $modelType: ModelType!, $params: JSON, $trainingSet: ItemFilter, $validation: ValidationInput, $minAgreement: Float, $trainingSetId: ID) {
              startTraining(
                datasetId: $datasetId
                modelType: $modelType
                params: $params
                trainingSet: $trainingSet
                validation: $validation
                minAgreement: $minAgreement
                trainingSetId: $trainingSetId
              ) {
                __typename
                ... on TrainingRunSuccess {
                  run {
                    ...RunFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment RunFields on TrainingRun {
              id
              datasetId
              modelType
              params
              trainingSet
              validationMethod
              minAgreement
              state
              message
              attempt
              createdBy
              createdAt
              startedAt
              finishedAt
              durationSeconds
              itemCount
              itemHash
              dataHash
              labelRule
              trainingSetId
              trainingSetName
              labelCounts
              trainSize
              validationSize
              metrics {
                accuracy
                macroF1
                weightedF1
                loss
                precision
                recall
                f1
              }
              classReport {
                label
                precision
                recall
                f1
                support
              }
              mlflowRunId
              modelName
              modelVersion
            }
            """)
        variables: dict[str, object] = {
            "datasetId": dataset_id,
            "modelType": model_type,
            "params": params,
            "trainingSet": training_set,
            "validation": validation,
            "minAgreement": min_agreement,
            "trainingSetId": training_set_id,
        }
        response = await self.execute(
            query=query, operation_name="StartTraining", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return StartTraining.model_validate(data)

    async def cancel_training(self, run_id: str, **kwargs: Any) -> CancelTraining:
        query = gql("""
            mutation CancelTraining($runId: ID!) {
              cancelTraining(runId: $runId) {
                __typename
                ... on TrainingRunSuccess {
                  run {
                    ...RunFields
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }

            fragment RunFields on TrainingRun {
              id
              datasetId
              modelType
              params
              trainingSet
              validationMethod
              minAgreement
              state
              message
              attempt
              createdBy
              createdAt
              startedAt
              finishedAt
              durationSeconds
              itemCount
              itemHash
              dataHash
              labelRule
              trainingSetId
              trainingSetName
              labelCounts
              trainSize
              validationSize
              metrics {
                accuracy
                macroF1
                weightedF1
                loss
                precision
                recall
                f1
              }
              classReport {
                label
                precision
                recall
                f1
                support
              }
              mlflowRunId
              modelName
              modelVersion
            }
            """)
        variables: dict[str, object] = {"runId": run_id}
        response = await self.execute(
            query=query, operation_name="CancelTraining", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CancelTraining.model_validate(data)

    async def training_run(self, id: str, **kwargs: Any) -> TrainingRun:
        query = gql("""
            query TrainingRun($id: ID!) {
              trainingRun(id: $id) {
                ...RunFields
                curves {
                  ...MetricPointFields
                }
              }
            }

            fragment MetricPointFields on MetricPoint {
              step
              total
              fold
              loss
              accuracy
              macroF1
              f1
            }

            fragment RunFields on TrainingRun {
              id
              datasetId
              modelType
              params
              trainingSet
              validationMethod
              minAgreement
              state
              message
              attempt
              createdBy
              createdAt
              startedAt
              finishedAt
              durationSeconds
              itemCount
              itemHash
              dataHash
              labelRule
              trainingSetId
              trainingSetName
              labelCounts
              trainSize
              validationSize
              metrics {
                accuracy
                macroF1
                weightedF1
                loss
                precision
                recall
                f1
              }
              classReport {
                label
                precision
                recall
                f1
                support
              }
              mlflowRunId
              modelName
              modelVersion
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="TrainingRun", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return TrainingRun.model_validate(data)

    async def training_runs(
        self,
        first: int,
        dataset_id: Union[Optional[str], UnsetType] = UNSET,
        states: Union[Optional[list[JobState]], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> TrainingRuns:
        query = gql("""
            query TrainingRuns($datasetId: ID, $states: [JobState!], $first: Int!, $after: String) {
              trainingRuns(
                datasetId: $datasetId
                states: $states
                first: $first
                after: $after
              ) {
                totalCount
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  ...RunFields
                }
              }
            }

            fragment RunFields on TrainingRun {
              id
              datasetId
              modelType
              params
              trainingSet
              validationMethod
              minAgreement
              state
              message
              attempt
              createdBy
              createdAt
              startedAt
              finishedAt
              durationSeconds
              itemCount
              itemHash
              dataHash
              labelRule
              trainingSetId
              trainingSetName
              labelCounts
              trainSize
              validationSize
              metrics {
                accuracy
                macroF1
                weightedF1
                loss
                precision
                recall
                f1
              }
              classReport {
                label
                precision
                recall
                f1
                support
              }
              mlflowRunId
              modelName
              modelVersion
            }
            """)
        variables: dict[str, object] = {
            "datasetId": dataset_id,
            "states": states,
            "first": first,
            "after": after,
        }
        response = await self.execute(
            query=query, operation_name="TrainingRuns", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return TrainingRuns.model_validate(data)

    async def cancel_job(self, id: str, **kwargs: Any) -> CancelJob:
        query = gql("""
            mutation CancelJob($id: ID!) {
              cancelJob(id: $id) {
                __typename
                ... on CancelJobSuccess {
                  job {
                    id
                    kind
                    state
                    message
                    cancelRequested
                  }
                }
                ...ErrorFields
              }
            }

            fragment ErrorFields on Error {
              message
              ... on ValidationError {
                fieldErrors {
                  field
                  code
                  message
                }
              }
              ... on LoginRateLimitedError {
                retryAfterSeconds
              }
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="CancelJob", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CancelJob.model_validate(data)

    async def compare_training_runs(
        self, ids: list[str], **kwargs: Any
    ) -> CompareTrainingRuns:
        query = gql("""
            query CompareTrainingRuns($ids: [ID!]!) {
              compareTrainingRuns(ids: $ids) {
                ...RunFields
              }
            }

            fragment RunFields on TrainingRun {
              id
              datasetId
              modelType
              params
              trainingSet
              validationMethod
              minAgreement
              state
              message
              attempt
              createdBy
              createdAt
              startedAt
              finishedAt
              durationSeconds
              itemCount
              itemHash
              dataHash
              labelRule
              trainingSetId
              trainingSetName
              labelCounts
              trainSize
              validationSize
              metrics {
                accuracy
                macroF1
                weightedF1
                loss
                precision
                recall
                f1
              }
              classReport {
                label
                precision
                recall
                f1
                support
              }
              mlflowRunId
              modelName
              modelVersion
            }
            """)
        variables: dict[str, object] = {"ids": ids}
        response = await self.execute(
            query=query,
            operation_name="CompareTrainingRuns",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return CompareTrainingRuns.model_validate(data)

    async def follow_training_run(
        self, id: str, after: Union[Optional[str], UnsetType] = UNSET, **kwargs: Any
    ) -> AsyncIterator[FollowTrainingRun]:
        query = gql("""
            subscription FollowTrainingRun($id: ID!, $after: String) {
              trainingRun(id: $id, after: $after) {
                cursor
                seq
                at
                kind
                state
                message
                level
                progress
                metric {
                  ...MetricPointFields
                }
              }
            }

            fragment MetricPointFields on MetricPoint {
              step
              total
              fold
              loss
              accuracy
              macroF1
              f1
            }
            """)
        variables: dict[str, object] = {"id": id, "after": after}
        async for data in self.execute_ws(
            query=query,
            operation_name="FollowTrainingRun",
            variables=variables,
            **kwargs,
        ):
            yield FollowTrainingRun.model_validate(data)
