"""Production settings refuse the demo secrets docker-compose.yml ships with."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.settings import ProductionMisconfigured, Settings

STRONG_SECRET = "a-random-secret-of-at-least-thirty-two-characters"


def test_production_refuses_the_demo_mongo_password() -> None:
    # when production settings carry docker-compose.yml's demo password for the labelloop user
    with pytest.raises((ProductionMisconfigured, ValidationError)) as refused:
        Settings(
            mode="production",
            jwt_secret=STRONG_SECRET,
            mongo_uri="mongodb://labelloop:labelloop-demo@mongo:27017/labelloop?authSource=labelloop",
        )
    # then the refusal names the setting to change
    assert "production mode refuses the demo MongoDB password in LABELLOOP_MONGO_URI" in str(refused.value)


def test_production_accepts_its_own_mongo_password() -> None:
    settings = Settings(
        mode="production",
        jwt_secret=STRONG_SECRET,
        mongo_uri="mongodb://labelloop:0f1e2d3c4b5a69788796a5b4c3d2e1f0@mongo:27017/labelloop?authSource=labelloop",
    )
    assert settings.is_production


def test_demo_mode_keeps_the_demo_password() -> None:
    settings = Settings(mode="demo", mongo_uri="mongodb://labelloop:labelloop-demo@mongo:27017/labelloop")
    assert not settings.is_production
