"""Schemathesis against ``/api/v1``: inputs generated from the app's own OpenAPI schema find no 5xx.

Every operation of the schema gets ``MAX_EXAMPLES`` generated requests (Hypothesis strategies built by
Schemathesis; its pytest plugin is not used because ``from_fixture`` does not run on this pytest). Each
answer must be JSON below 500, and in the error shape when it is an error.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from flashpoint.web.app import API_PREFIX, WebSettings, create_app

MAX_EXAMPLES = 12


def test_api_answers_without_server_errors(workspace) -> None:
    app = create_app(workspace, WebSettings(write_token="fuzz-token-not-sent", warm=False))
    schema = schemathesis.openapi.from_asgi(f"{API_PREFIX}/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12, "every route of the API is in the schema"
    seen: list[tuple[str, int]] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case) -> None:
            response = case.call(timeout=600)
            seen.append((case.operation.label, response.status_code))
            assert response.status_code < 500, (
                case.method,
                case.formatted_path,
                case.query,
                response.text[:300],
            )
            body = response.json()
            if response.status_code >= 400:
                assert body["ok"] is False and body["status"] == response.status_code and body["errors"]

        check()
    assert {label for label, _ in seen} == {op.label for op in operations}
    assert any(status == 403 for _, status in seen), "writes without the token were tried and refused"
