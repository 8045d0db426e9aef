"""SeriesHasher (the bulk audit append's hashing) gives exactly values_digest's hashes."""

import random
from datetime import UTC, datetime

import pytest

from lotsa.audit.chain import HASHED_FIELDS, SeriesHasher, values_digest

KEY = b"k" * 32
TEXTS = ["", "Registrerade deltagare (import)", 'åäö \u202e\x00 "q" \\ \n\t', "日本", "\ud7ff"]
VARYING = ("seq", "object_id", "participant_id", "organisation_id", "prev_hash")


def test_every_hash_is_the_one_values_digest_gives():
    rng = random.Random(17)
    for _ in range(500):
        fixed = {
            "chain": rng.randint(0, 9),
            "at": datetime(2026, 12, 7, 14, 5, rng.randint(0, 59), rng.choice([0, 5, 123456]), UTC),
            "actor_id": rng.choice([None, 5]),
            "actor_name": rng.choice(TEXTS),
            "action": rng.choice(["create", "view"]),
            "object_type": rng.choice(TEXTS),
            "summary": rng.choice(TEXTS),
            "changes": rng.choice([{}, {"b": 1, "a": [1, "x", None, 2.5, True]}]),
            "ip_address": rng.choice([None, "127.0.0.1"]),
            "path": rng.choice(TEXTS),
        }
        hasher = SeriesHasher(fixed, VARYING, key=KEY)
        own = (
            rng.randint(1, 10**12),
            rng.choice(["", "123", *TEXTS]),
            rng.choice([None, 7, True, 2.0]),
            rng.choice([None, 3]),
            rng.choice(["0" * 64, "ab" * 32]),
        )
        assert hasher.digest(own) == values_digest(
            {**fixed, **dict(zip(VARYING, own, strict=True))}, key=KEY
        )


def test_the_fields_must_be_split_between_fixed_and_varying():
    fixed = dict.fromkeys(HASHED_FIELDS[:-2], "")
    with pytest.raises(ValueError, match="split"):
        SeriesHasher(fixed, ("prev_hash",), key=KEY)
    fixed = {name: "" for name in HASHED_FIELDS if name != "at"}
    with pytest.raises(ValueError, match="at"):
        SeriesHasher({k: v for k, v in fixed.items() if k != "seq"}, ("seq", "at"), key=KEY)
