"""Errors as JSON with a stable code: {"error": {"code": "...", "message": "..."}}."""

from django.http import JsonResponse


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **details):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def error_response(status: int, code: str, message: str, **details) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **details}}, status=status)
