"""The media storage (local disk or S3) failing while an editor uploads.

An upload must either be stored completely, row and original file, or not
at all, and an editor must learn which of the two happened.
"""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

# What django-storages' S3 backend raises when S3 is unreachable or refuses
# (botocore), and what the local disk raises when it is full or read-only.
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)


def storage_reachable_check(*, storage, name: str) -> None:
    """Raise ValidationError if ``storage`` cannot answer for ``name`` right now.

    Asked while the upload form is validated, before anything is saved:
    S3 being down is then a message on the form, not a server error after
    the editor's file was half stored. It is the lookup storing itself
    starts with (to find a free name): one more HEAD request per upload.
    """
    try:
        storage.exists(name)
    except STORAGE_ERRORS:
        logger.warning("Media storage unreachable while uploading %s", name, exc_info=True)
        raise ValidationError(
            "The image could not be stored: the media storage is not reachable right now. "
            "Nothing was saved; please upload it again in a few minutes.",
            code="storage_unreachable",
        ) from None


def stored_file_delete_quietly(*, file) -> None:
    """Delete a stored file whose row was never saved; log, never raise, if that fails too."""
    try:
        file.storage.delete(file.name)
    except STORAGE_ERRORS:
        # The storage is most likely what failed the save in the first
        # place; the original error is the one the caller reports.
        logger.exception("Could not delete %s after its image failed to save", file.name)
