"""The delivery API's own signal: CORS by site. Its response cache is purged by
cms.publishing's registry of content changes, which knows which sites to purge."""

from corsheaders.signals import check_request_enabled

from .cors import allow_site_origin


def register_signal_handlers() -> None:
    check_request_enabled.connect(allow_site_origin, dispatch_uid="delivery_api_site_origins")
