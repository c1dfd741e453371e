"""The one place drugfacts sends HTTP requests: to the stores and endpoints the user names
(`publish --to`, `query --endpoint`), never anywhere else.

The standard library's urllib is enough for a request and its answer; its errors become the
project's, so the CLI says what went wrong and exits 2 (or 3 at the time limit).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import TimeLimitError, UsageError

#: Seconds to wait for a store or endpoint when the user set no limit.
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(method: str, url: str, *, body: bytes | None = None,
            headers: Mapping[str, str] | None = None, timeout: float | None = None) -> Reply:
    """Send one request and return the answer; an error status, an unreachable host or a
    timeout becomes a UsageError (or TimeLimitError) that names the URL and quotes the answer."""
    prepared = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    limit = timeout or DEFAULT_TIMEOUT
    try:
        with urllib.request.urlopen(prepared, timeout=limit) as response:
            return Reply(response.status, response.headers.get_content_type(), response.read())
    except urllib.error.HTTPError as error:
        said = error.read().decode("utf-8", errors="replace").strip()[:2000]
        raise UsageError(f"{method} {url} was answered {error.code} {error.reason}"
                         + (f": {said}" if said else "")) from None
    except OSError as error:  # URLError, a refused connection, a timeout
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(reason, TimeoutError):
            raise TimeLimitError(f"{url} did not answer within {limit:g} s") from None
        raise UsageError(f"cannot reach {url}: {reason}") from None
