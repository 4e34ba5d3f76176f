"""Names people type refuse control characters (NUL included) and bidirectional overrides, naming the field."""

from __future__ import annotations

import uuid

from tests.api import create_user, login, post, user_document

CREATE_DATASET = """
mutation($input: CreateDatasetInput!) {
  createDataset(input: $input) {
    __typename
    ... on ValidationError { fieldErrors { field code message } }
  }
}
"""
DATASET = "query($id: ID!) { dataset(id: $id) { id } }"
CREATE_TOKEN = """
mutation($name: String!) {
  createApiToken(name: $name) { __typename ... on ValidationError { fieldErrors { field code message } } }
}
"""


def _create(token: str, name: str, labels: list[str], feature_names: list[str] | None = None) -> dict:
    kind = "TABULAR" if feature_names else "TEXT"
    variables = {
        "input": {"name": name, "kind": kind, "labels": [{"name": n} for n in labels], "featureNames": feature_names}
    }
    result: dict = post(CREATE_DATASET, variables, token)["data"]["createDataset"]
    return result


def test_a_dataset_name_with_a_nul_is_refused_and_nothing_is_created() -> None:
    # given an ADMIN
    token = login("admin", "admin")
    suffix = uuid.uuid4().hex[:8]
    # when a dataset is created with a NUL in its name
    result = _create(token, f"reviews\x00{suffix}", ["pos", "neg"])
    # then the field error names the field and the character, and no dataset exists
    assert result == {
        "__typename": "ValidationError",
        "fieldErrors": [
            {
                "field": "name",
                "code": "unsafe_character",
                "message": "the dataset name has a control character (U+0000) at position 8: "
                "remove it (names take printable characters only)",
            }
        ],
    }
    assert post(DATASET, {"id": f"reviews-{suffix}"}, token)["data"]["dataset"] is None
    assert post(DATASET, {"id": f"reviews{suffix}"}, token)["data"]["dataset"] is None


def test_a_label_with_a_right_to_left_override_is_refused() -> None:
    # given an ADMIN
    token = login("admin", "admin")
    name = f"Bidi {uuid.uuid4().hex[:8]}"
    # when a label hides a right-to-left override
    result = _create(token, name, ["pos", "gpj.\u202eexe"])
    # then the error names the label's field
    assert result["fieldErrors"] == [
        {
            "field": "labels[1].name",
            "code": "unsafe_character",
            "message": "the label name has a bidirectional formatting character (U+202E RIGHT-TO-LEFT OVERRIDE) "
            "at position 5: remove it (names take printable characters only)",
        }
    ]
    assert post(DATASET, {"id": name.lower().replace(" ", "-")}, token)["data"]["dataset"] is None


def test_control_and_isolate_characters_are_refused_in_feature_and_label_names() -> None:
    # given an ADMIN
    token = login("admin", "admin")
    # when a TABULAR dataset has an escape in a feature name and a bidi isolate in a label
    result = _create(token, f"Tab {uuid.uuid4().hex[:8]}", ["a\u2066b"], ["ok", "x\x1b[31m"])
    # then both fields are named
    assert [(e["field"], e["code"]) for e in result["fieldErrors"]] == [
        ("labels[0].name", "unsafe_character"),
        ("featureNames[1]", "unsafe_character"),
    ]


def test_an_api_token_name_with_a_newline_is_refused_and_no_token_is_made() -> None:
    # given a USER
    user = create_user(login("admin", "admin"))
    token = login(user["username"], user["password"])
    # when they name a token with a line break
    result = post(CREATE_TOKEN, {"name": "laptop\nadmin"}, token)["data"]["createApiToken"]
    # then the name is refused and no token was stored
    assert result == {
        "__typename": "ValidationError",
        "fieldErrors": [
            {
                "field": "name",
                "code": "unsafe_character",
                "message": "the token name has a control character (U+000A) at position 7: "
                "remove it (names take printable characters only)",
            }
        ],
    }
    assert (user_document(user["id"]) or {}).get("api_tokens", []) == []
