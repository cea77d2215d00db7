"""A per-user rate limit: at most N requests in any sliding minute."""
from __future__ import annotations

import time
from collections import deque
from typing import Callable


class RateLimiter:
    """`check(user)` records a request and returns 0, or the seconds to wait when over the limit."""

    def __init__(self, per_minute: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_users: int = 10_000) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._clock = clock
        self._max_users = max_users
        self._hits: dict[int, deque[float]] = {}

    def check(self, user_id: int) -> float:
        now = self._clock()
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        if len(hits) >= self.per_minute:
            return self.window_s - (now - hits[0])
        hits.append(now)
        if len(self._hits) > self._max_users:  # forget idle users so memory stays bounded
            self._hits = {u: h for u, h in self._hits.items() if h and now - h[-1] < self.window_s}
        return 0.0
