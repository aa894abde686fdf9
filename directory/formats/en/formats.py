"""English dates as the directory writes them: "15 November 2000", day first, as the United
Nations does (Django's English default is "Nov. 15, 2000"). Other languages keep Django's
own formats (FORMAT_MODULE_PATH in settings.py)."""

DATE_FORMAT = "j F Y"
