import pytest


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_this_test_only(settings, tmp_path):
    """Each test signs with its own key into its own sink, never the developer's var/."""
    settings.ATHENA_AUDIT_HMAC_KEY = "test-audit-hmac-key-0123456789abcdefghijklmnop"
    settings.ATHENA_AUDIT_HMAC_KEY_FILE = tmp_path / "audit-hmac.key"
    settings.ATHENA_AUDIT_CHECKPOINT_SINK = str(tmp_path / "audit-checkpoints.jsonl")
