from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .fragments import FacetCountFields, SearchHitFields


class Search(BaseModel):
    search: Union[
        "SearchSearchSearchResults",
        "SearchSearchDatasetNotFoundError",
        "SearchSearchValidationError",
    ] = Field(discriminator="typename__")


class SearchSearchSearchResults(BaseModel):
    typename__: Literal["SearchResults"] = Field(alias="__typename")
    total_count: int = Field(alias="totalCount")
    page_info: "SearchSearchSearchResultsPageInfo" = Field(alias="pageInfo")
    nodes: list["SearchSearchSearchResultsNodes"]
    facets: Optional["SearchSearchSearchResultsFacets"] = None


class SearchSearchSearchResultsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


SearchSearchSearchResultsNodes = SearchHitFields


class SearchSearchSearchResultsFacets(BaseModel):
    statuses: list["SearchSearchSearchResultsFacetsStatuses"]
    labels: list["SearchSearchSearchResultsFacetsLabels"]
    gold_labels: list["SearchSearchSearchResultsFacetsGoldLabels"] = Field(
        alias="goldLabels"
    )
    annotators: list["SearchSearchSearchResultsFacetsAnnotators"]
    span_texts: list["SearchSearchSearchResultsFacetsSpanTexts"] = Field(
        alias="spanTexts"
    )
    span_marks: list["SearchSearchSearchResultsFacetsSpanMarks"] = Field(
        alias="spanMarks"
    )
    metadata: list["SearchSearchSearchResultsFacetsMetadata"]
    metadata_ranges: list["SearchSearchSearchResultsFacetsMetadataRanges"] = Field(
        alias="metadataRanges"
    )


SearchSearchSearchResultsFacetsStatuses = FacetCountFields
SearchSearchSearchResultsFacetsLabels = FacetCountFields
SearchSearchSearchResultsFacetsGoldLabels = FacetCountFields
SearchSearchSearchResultsFacetsAnnotators = FacetCountFields
SearchSearchSearchResultsFacetsSpanTexts = FacetCountFields


class SearchSearchSearchResultsFacetsSpanMarks(BaseModel):
    label: str
    text: str
    count: int


class SearchSearchSearchResultsFacetsMetadata(BaseModel):
    key: str
    values: list["SearchSearchSearchResultsFacetsMetadataValues"]


SearchSearchSearchResultsFacetsMetadataValues = FacetCountFields


class SearchSearchSearchResultsFacetsMetadataRanges(BaseModel):
    key: str
    buckets: list["SearchSearchSearchResultsFacetsMetadataRangesBuckets"]


class SearchSearchSearchResultsFacetsMetadataRangesBuckets(BaseModel):
    min: float
    max: float
    count: int


class SearchSearchDatasetNotFoundError(BaseModel):
    typename__: Literal["DatasetNotFoundError"] = Field(alias="__typename")
    message: str


class SearchSearchValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    message: str
    field_errors: list["SearchSearchValidationErrorFieldErrors"] = Field(
        alias="fieldErrors"
    )


class SearchSearchValidationErrorFieldErrors(BaseModel):
    field: str
    code: str
    message: str


Search.model_rebuild()
SearchSearchSearchResults.model_rebuild()
SearchSearchSearchResultsFacets.model_rebuild()
SearchSearchSearchResultsFacetsMetadata.model_rebuild()
SearchSearchSearchResultsFacetsMetadataRanges.model_rebuild()
SearchSearchValidationError.model_rebuild()
