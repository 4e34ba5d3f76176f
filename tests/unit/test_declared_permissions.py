"""Every root operation declares a permission or is explicitly public, and says so in schema.graphql."""

from __future__ import annotations

from backend.api.schema import schema
from backend.auth.permissions import Permission

PUBLIC_OPERATIONS = {"health", "login"}


def _root_fields() -> list[tuple[str, object]]:
    fields = []
    for type_name in ("Query", "Mutation", "Subscription"):
        definition = schema.get_type_by_name(type_name)
        for field in getattr(definition, "fields", []):
            fields.append((f"{type_name}.{field.name}", field))
    return fields


def test_every_operation_declares_a_permission_or_is_public() -> None:
    undeclared = []
    for name, field in _root_fields():
        metadata = getattr(field, "metadata", None) or {}
        if metadata.get("public") is True:
            continue
        if metadata.get("permission") in {p.value for p in Permission} and getattr(field, "permission_classes", None):
            continue
        undeclared.append(name)
    assert undeclared == []


def test_only_login_and_health_are_public() -> None:
    public = {field.name for _, field in _root_fields() if (getattr(field, "metadata", None) or {}).get("public")}
    assert public == PUBLIC_OPERATIONS


def test_each_description_states_the_requirement() -> None:
    for name, field in _root_fields():
        metadata = getattr(field, "metadata", None) or {}
        description = getattr(field, "description", "") or ""
        if metadata.get("public"):
            assert "Public: needs no token." in description, name
        else:
            assert f"Requires permission `{metadata['permission']}`" in description, name
