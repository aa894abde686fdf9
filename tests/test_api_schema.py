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
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from directory.wsgi import application
from tests.builders import build_rows

EXAMPLES_PER_OPERATION = 100

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, allow_x00=True)


# Requests made per operation, checked by the last test of this module.
CALLS = Counter()


pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def _records(shared_data):
    # Requests go straight to the WSGI application, so Django's request signals
    # fire; like its test client, keep them from closing the test's connection
    # (which would end the transaction the test data lives in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with shared_data(build_rows, 3):
        yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(_records, db):
    """``build_rows(3)``, built once for the module."""


# One test per operation, with the operation's label as its id: pytest-xdist tells tests
# apart by id, and ``schema.parametrize()`` gives every operation the same one.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_every_operation_conforms_to_the_schema(operation, records):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def fuzz(case):
        CALLS[case.operation.label] += 1
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    fuzz()


def test_every_operation_was_fuzzed_at_least_100_times():
    operations = {operation.label: operation for operation in OPERATIONS}
    if not CALLS:
        pytest.skip("the fuzzing test above did not run in this session (deselected)")
    assert set(CALLS) == set(operations)
    # An operation without parameters has few distinct inputs: every one it has is enough.
    fuzzable = {label: CALLS[label] for label, op in operations.items() if list(op.iter_parameters())}
    assert min(fuzzable.values()) >= EXAMPLES_PER_OPERATION, CALLS
