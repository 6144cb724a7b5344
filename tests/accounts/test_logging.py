import json
import logging

from django.urls import reverse

from athena.logging import configure_logging
from tests.reasons import enquire


def test_request_log_names_the_view_and_request_id_but_not_the_search_terms(
    officer_client, caplog
):
    enquire(officer_client, "people.search")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="athena.request"):
        response = officer_client.get(reverse("people:search"),
                                      {"query": "Zebedee Quartermaine"})
    records = [r for r in caplog.records if r.name == "athena.request"]
    assert len(records) == 1
    event = records[0].msg
    assert event["view"] == "people:search"
    assert event["status"] == 200
    assert event["request_id"] == response["X-Request-ID"]
    assert "Zebedee" not in json.dumps(event)
    assert "Quartermaine" not in caplog.text


def test_production_logs_are_json_lines(capsys):
    import structlog

    configure_logging(level="INFO", fmt="json")
    try:
        structlog.get_logger("athena.test").info("job.done", job_id=7)
        line = capsys.readouterr().err.strip().splitlines()[-1]
        record = json.loads(line)
        assert record["event"] == "job.done"
        assert record["job_id"] == 7
        assert record["level"] == "info"
    finally:
        configure_logging(level="INFO", fmt="console")
