"""Django's JSON serializer, keeping full microsecond precision in date-times.

The stock encoder cuts times to milliseconds, so a backup restored and backed up
again would differ; with this module as the "json" format (SERIALIZATION_MODULES),
dumpdata / loaddata, and so `manage.py backup` / `restore`, round-trip exactly.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = django_json.Deserializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
