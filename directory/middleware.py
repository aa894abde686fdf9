"""Small site-wide middleware of the directory's own."""

from django.conf import settings


class AdminNoIndexMiddleware:
    """Every admin response asks search engines not to index or follow it.

    The admin is linked from no public page; robots.txt does not name it either, since a
    line there would tell anyone where a relocated admin (``DJANGO_ADMIN_PATH``) lives.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
