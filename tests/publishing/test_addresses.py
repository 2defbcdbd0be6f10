"""Webhook URLs that lead into private networks are refused, however they are written."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from cms.publishing.delivery import RefusedAddress, url_check
from cms.publishing.models import WebhookEndpoint

HOSTILE = [
    "http://127.0.0.1/",
    "http://localhost:8080/",
    "http://[::1]/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://[::ffff:169.254.169.254]/",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]/",
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://2130706433/",  # 127.0.0.1 as a decimal number
    "http://0x7f000001/",  # hexadecimal
    "http://0177.0.0.1/",  # octal
    "http://127.1/",  # short form
    "http://0.0.0.0/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://[fd00::1]/",  # unique local IPv6
    "http://[fe80::1]/",  # link-local IPv6
    "http://224.0.0.1/",  # multicast
]


@override_settings(PUBLISHING_WEBHOOK_ALLOWED_NETWORKS=[])
@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_url_is_refused(url):
    with pytest.raises(RefusedAddress):
        url_check(url)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/", "http:///x"]
)
def test_only_plain_http_and_https_urls_are_accepted(url):
    with pytest.raises(RefusedAddress):
        url_check(url)


def test_a_public_address_is_connected_to_directly():
    target = url_check("https://93.184.215.14:8443/build?x=1")
    assert (target.address, target.port, target.path) == ("93.184.215.14", 8443, "/build?x=1")


@override_settings(PUBLISHING_WEBHOOK_ALLOWED_NETWORKS=["10.0.0.5/32"])
def test_a_private_address_is_allowed_only_when_a_setting_names_its_network():
    assert url_check("http://10.0.0.5/hook").address == "10.0.0.5"
    with pytest.raises(RefusedAddress):
        url_check("http://10.0.0.6/hook")


@pytest.mark.django_db
@override_settings(PUBLISHING_WEBHOOK_ALLOWED_NETWORKS=[])
def test_the_admin_refuses_to_save_a_hostile_endpoint(home):
    endpoint = WebhookEndpoint(
        site=home.get_site(), name="Metadata", url="http://169.254.169.254/latest/"
    )
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "url" in error.value.message_dict
