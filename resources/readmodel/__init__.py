"""The read model of public entries: written here, read through resources/querysets.py,
resources/readmodel/search.py and the visuals. See resources/models/public.py."""
