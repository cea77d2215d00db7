"""A per-user rate limit: at most N requests in any sliding minute."""
from __future__ import annotations

import time
from collections import deque
from typing import Callable

from cachetools import TTLCache


class RateLimiter:
    """`check(user)` records a request and returns 0, or the seconds to wait when over the limit."""

    def __init__(self, per_minute: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_users: int = 10_000) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._clock = clock
        # a user idle for a whole window has nothing left to count and is forgotten; memory stays bounded
        self._hits: TTLCache[int, deque[float]] = TTLCache(maxsize=max_users, ttl=window_s, timer=clock)

    def check(self, user_id: int) -> float:
        now = self._clock()
        hits = self._hits.get(user_id, deque())
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        if len(hits) >= self.per_minute:
            return self.window_s - (now - hits[0])
        hits.append(now)
        self._hits[user_id] = hits  # kept for a window after this request
        return 0.0
