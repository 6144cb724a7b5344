"""The key that signs the audit chain's checkpoints, and the signature itself.

The key never goes in the database: whoever can rewrite the trail there, and recompute
its SHA-256 chain, still cannot sign the rewritten chain. Production settings (which
forbid demo data) refuse to start without ``ATHENA_AUDIT_HMAC_KEY``; the quick start and
the tests fall back to a random key kept in a file under ``var/``, made on first use.
"""

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MINIMUM_KEY_LENGTH = 32
SIGNATURE_VERSION = "athena.audit.checkpoint.v1"
SIGNED_FIELDS = ("event_count", "event_id", "chain_hash", "created_at", "key_id")


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    secret: bytes = b""

    def __repr__(self):
        return f"SigningKey(key_id={self.key_id!r})"  # never the secret, in any traceback


def check_configuration():
    """Refuse to start on unusable settings (called when the app loads).

    Raises ``ImproperlyConfigured`` when the checkpoint interval is not positive, or when a
    real deployment (one that forbids demo data: the production settings) has no signing
    key of its own, a short one, or one that is the same as ``SECRET_KEY``.
    """
    if settings.ATHENA_AUDIT_CHECKPOINT_EVERY < 1:
        raise ImproperlyConfigured("ATHENA_AUDIT_CHECKPOINT_EVERY must be 1 or more.")
    if settings.ATHENA_ALLOW_DEMO_DATA:
        return
    key = settings.ATHENA_AUDIT_HMAC_KEY
    if len(key) < MINIMUM_KEY_LENGTH or len(set(key)) < 5 or key == settings.SECRET_KEY:
        raise ImproperlyConfigured(
            "Production settings: ATHENA_AUDIT_HMAC_KEY must be set to a random value of at "
            f"least {MINIMUM_KEY_LENGTH} characters, different from SECRET_KEY. It signs the "
            "audit trail's checkpoints (docs/security.md)."
        )


def key_id_of(secret):
    """A short public name for a key, so a checkpoint says which key signed it."""
    return hmac.new(secret, b"athena.audit.key-id", hashlib.sha256).hexdigest()[:16]


def _key(secret_text):
    secret = secret_text.encode()
    return SigningKey(key_id=key_id_of(secret), secret=secret)


def _development_key_text(path):
    """The quick start's key: random, made once, readable by the app's user only."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place, so a second process starting at the same
        # moment reads either no file or the whole key, never half of one.
        draft = path.with_name(f".{path.name}.{os.getpid()}.draft")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as draft_file:
            draft_file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def current_key():
    """The key new checkpoints are signed with."""
    secret_text = (settings.ATHENA_AUDIT_HMAC_KEY
                   or _development_key_text(settings.ATHENA_AUDIT_HMAC_KEY_FILE))
    return _key(secret_text)


def known_keys():
    """Every key a checkpoint may carry: the current one and those retired by rotation."""
    keys = [current_key(), *(_key(text) for text in settings.ATHENA_AUDIT_HMAC_PREVIOUS_KEYS)]
    return {key.key_id: key for key in keys}


def _message(fields):
    signed = {name: fields[name] for name in SIGNED_FIELDS}
    return json.dumps([SIGNATURE_VERSION, signed], sort_keys=True,
                      separators=(",", ":")).encode()


def sign(fields, key):
    """HMAC-SHA256, with ``key``, over the checkpoint's signed fields."""
    return hmac.new(key.secret, _message(fields), hashlib.sha256).hexdigest()


def signature_problem(fields, signature, keys):
    """Why ``signature`` does not prove ``fields``, or ``None`` when it does."""
    key = keys.get(fields.get("key_id"))
    if key is None:
        return f"is signed with an unknown key (key id {fields.get('key_id')!r})"
    if not isinstance(signature, str) or not hmac.compare_digest(sign(fields, key),
                                                                 signature):
        return "does not match its signature"
    return None
