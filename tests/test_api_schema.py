"""Schemathesis: every API operation, fuzzed against the generated OpenAPI schema.

At least 100 generated requests per operation (fewer only where the schema
allows fewer distinct inputs), NUL bytes allowed; each response must not be a
server error and must match the schema documented for its status code.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from directory.wsgi import application
from tests.test_api import seed_rows

EXAMPLES_PER_OPERATION = 100

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, allow_x00=True)


# Requests made per operation, checked by the last test of this module.
CALLS = Counter()


@pytest.fixture
def records(db):
    # Requests go straight to the WSGI application, so Django's request signals
    # fire; like its test client, keep them from closing the test's connection
    # (which would end the transaction the test data lives in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    seed_rows(3)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_conforms_to_the_schema(case, records):
    CALLS[case.operation.label] += 1
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


def test_every_operation_was_fuzzed_at_least_100_times():
    operations = {operation.ok().label: operation.ok() for operation in schema.get_all_operations()}
    if not CALLS:
        pytest.skip("the fuzzing test above did not run in this session (deselected)")
    assert set(CALLS) == set(operations)
    # An operation without parameters has few distinct inputs: every one it has is enough.
    fuzzable = {label: CALLS[label] for label, op in operations.items() if list(op.iter_parameters())}
    assert min(fuzzable.values()) >= EXAMPLES_PER_OPERATION, CALLS
