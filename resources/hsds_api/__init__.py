"""The Open Referral HSDS 3.0 API under /api/hsds/, as the official OpenAPI description says.

- ``urls.py``: the routes, spelled as the description spells them (no trailing slash).
- ``views.py``: the endpoints: selecting, filtering and paging published records; the
  mapping to HSDS objects is resources/hsds.py, shared with the export under /api/v1/hsds/.
- ``params.py``: reading the query parameters; a bad one is a 400 naming it.
- ``ids.py``: finding the record behind an HSDS id.
- ``spec.py``: the vendored description (resources/hsds_spec/) and the copy this site serves.

docs/api.md describes the API for its users.
"""
