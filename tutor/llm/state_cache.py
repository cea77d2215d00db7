"""llama.cpp KV states of prompt prefixes kept on disk, so a prompt that starts with a known passage skips its prefill.

On 2 CPU cores prefill is most of the wait before the first word (issue 17: ~330 uncached prompt tokens at
~73 tokens/s with the 1.5B). A prompt is `[system + worked example] + header + passage 1 + the rest`, so the
state after passage 1 is the same for every question whose best passage it is: restore it (a few ms) and
prefill only the rest.

- `StateStore`: one file per prefix, named `<token count>-<key>.kv`, key = sha256(model identity + the exact
  token ids). An edited chunk or prompt template tokenizes differently, so its old state is simply never hit
  again and ages out (least recently used first, under a size cap). The token counts in the names are the
  index: the longest cached prefix of a prompt is found by hashing its first L tokens for each stored L.
  A header (magic, version, key, token count, body length, body sha256) catches a corrupted or truncated
  file, which is deleted and rebuilt, never used. Writes go to a temp file and are renamed.
- `PrefixCache`: the glue to a `llama_cpp.Llama`. Before `create_chat_completion` it restores the longest
  cached prefix of the rendered prompt (or keeps what the context already holds when that is longer), and
  saves the states at the fixed-prefix and passage boundaries when missing. Sampling stays llama-cpp-python's
  own: its prefix match then finds the restored tokens, so answers come from the very same code path.
"""
from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

log = logging.getLogger(__name__)

MAGIC = b"TKVS"
VERSION = 1
# magic, version, key (sha256), token count, body length, body sha256; the body is the token ids then the KV bytes
_HEADER = struct.Struct("<4sH32sIQ32s")
_SUFFIX = ".kv"


def _token_bytes(tokens: Sequence[int]) -> bytes:
    return np.asarray(tokens, dtype="<i4").tobytes()


@dataclass
class Entry:
    """A stored prefix: its token ids and llama.cpp's sequence state for exactly those tokens."""

    tokens: list[int]
    state: bytes


class StateStore:
    """KV states on disk for token prefixes, bounded by `cap_bytes` (least recently used evicted first)."""

    def __init__(self, folder: Path, identity: str, cap_bytes: int) -> None:
        self.folder = folder
        self.identity = identity.encode()
        self.cap_bytes = cap_bytes

    def key(self, tokens: Sequence[int]) -> bytes:
        return hashlib.sha256(self.identity + b"\0" + _token_bytes(tokens)).digest()

    def path(self, tokens: Sequence[int]) -> Path:
        return self.folder / f"{len(tokens)}-{self.key(tokens).hex()}{_SUFFIX}"

    def files(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if p.suffix == _SUFFIX]
        except FileNotFoundError:
            return []

    def lengths(self) -> list[int]:
        """The token counts of the stored prefixes, longest first: the index for `longest`."""
        found = set()
        for p in self.files():
            head = p.name.split("-", 1)[0]
            if head.isdigit():
                found.add(int(head))
        return sorted(found, reverse=True)

    def has(self, tokens: Sequence[int]) -> bool:
        return self.path(tokens).is_file()

    def touch(self, tokens: Sequence[int]) -> bool:
        """Mark a stored prefix as just used; False when it is not stored."""
        try:
            os.utime(self.path(tokens))
            return True
        except FileNotFoundError:
            return False

    def get(self, tokens: Sequence[int]) -> Entry | None:
        """The state stored for exactly these tokens, or None; a damaged file is deleted (and so rebuilt)."""
        path = self.path(tokens)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None
        entry = self._parse(data, tokens)
        if entry is None:
            log.warning("KV state %s is damaged; deleting it (it is rebuilt on next use)", path.name)
            self.discard(tokens)
            return None
        try:
            os.utime(path)  # last used now: the LRU order is the files' modification times
        except FileNotFoundError:
            pass
        return entry

    def longest(self, tokens: Sequence[int], *, longer_than: int = 0) -> Entry | None:
        """The longest stored prefix of `tokens` with more than `longer_than` tokens, or None."""
        for n in self.lengths():
            if n <= longer_than:
                break
            if n <= len(tokens):
                entry = self.get(tokens[:n])
                if entry is not None:
                    return entry
        return None

    def put(self, tokens: Sequence[int], state: bytes) -> Path | None:
        """Store a state (atomically), then evict the least recently used until under the cap."""
        body = _token_bytes(tokens) + state
        size = _HEADER.size + len(body)
        if size > self.cap_bytes:
            return None  # larger than the whole budget: storing it would evict everything, itself included
        header = _HEADER.pack(MAGIC, VERSION, self.key(tokens), len(tokens), len(body), hashlib.sha256(body).digest())
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(tokens)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".writing-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(header)
                f.write(body)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._evict(keep=path)
        return path

    def discard(self, tokens: Sequence[int]) -> None:
        try:
            self.path(tokens).unlink()
        except FileNotFoundError:
            pass

    def size_bytes(self) -> int:
        return sum(_size(p) for p in self.files())

    def _evict(self, keep: Path) -> None:
        files = []
        for p in self.files():
            try:
                files.append((p, p.stat()))
            except FileNotFoundError:  # another process evicted it meanwhile
                pass
        for stale in self.folder.glob(".writing-*"):  # left by a process killed mid-write
            try:
                if stale.stat().st_mtime < time.time() - 600:
                    stale.unlink()
            except FileNotFoundError:
                pass
        total = sum(st.st_size for _, st in files)
        for p, st in sorted(files, key=lambda f: f[1].st_mtime_ns):
            if total <= self.cap_bytes:
                break
            if p == keep:
                continue
            try:
                p.unlink()
            except FileNotFoundError:
                pass
            total -= st.st_size

    def _parse(self, data: bytes, tokens: Sequence[int]) -> Entry | None:
        if len(data) < _HEADER.size:
            return None
        magic, version, key, n_tokens, body_len, body_sha = _HEADER.unpack_from(data)
        body = data[_HEADER.size:]
        if (magic != MAGIC or version != VERSION or key != self.key(tokens) or n_tokens != len(tokens)
                or body_len != len(body) or hashlib.sha256(body).digest() != body_sha):
            return None
        stored = np.frombuffer(body, dtype="<i4", count=n_tokens).tolist()
        if stored != list(tokens):  # the key says so already; the boundary is checked token by token anyway
            return None
        return Entry(stored, body[n_tokens * 4:])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


# -- llama.cpp glue ------------------------------------------------------------------------------------------------

def read_state(llama: Any) -> bytes:
    """The KV cells of sequence 0 only: no logits (Llama.save_state also copies the logits buffer, ~600 KB)."""
    import llama_cpp

    size = llama_cpp.llama_state_seq_get_size(llama.ctx, 0)
    buf = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_seq_get_data(llama.ctx, buf, size, 0)
    return bytes(memoryview(buf)[:written])


def restore_state(llama: Any, entry: Entry) -> bool:
    """Put a stored prefix into the context and tell the Llama object which tokens it now holds."""
    import llama_cpp

    buf = (ctypes.c_uint8 * len(entry.state)).from_buffer_copy(entry.state)
    if llama_cpp.llama_state_seq_set_data(llama.ctx, buf, len(entry.state), 0) == 0:
        llama.reset()  # llama.cpp cleared the sequence on failure; nothing is cached in the context now
        llama._ctx.kv_cache_seq_rm(-1, 0, -1)
        return False
    n = len(entry.tokens)
    llama.input_ids[:n] = entry.tokens
    llama.n_tokens = n
    llama._requires_eval = True  # logits are not restored: generate() evaluates at least one token again
    return True


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class PrefixCache:
    """Prepares a Llama's context for a chat prompt from the longest cached prefix; saves missing boundaries."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self._formatter: Any = None
        self.last_restored = 0  # tokens restored from disk by the last `prepare` (for tests and the bench)
        self.last_prefilled = 0  # tokens evaluated by `prepare` itself (to reach a boundary)

    def boundaries(self, llama: Any, messages: list[dict[str, str]], cache_upto: str | None) -> tuple[list[int], list[int]]:
        """The prompt's tokens, and the token counts worth a saved state: the fixed prefix, then passage 1.

        Tokens come from create_chat_completion's own formatter and tokenize call, so they are the ones it
        evaluates. Empty when the chat format is not the GGUF's own template (then nothing is cached).
        """
        result = self._format(llama, messages)
        if result is None:
            return [], []

        def tokenize(text: str) -> list[int]:
            return llama.tokenize(text.encode("utf-8"), add_bos=not result.added_special, special=True)

        prompt = result.prompt
        tokens = tokenize(prompt)
        last = messages[-1]["content"]
        start = prompt.rfind(last) if last else -1
        if start < 0:
            return tokens, []
        texts = [prompt[:start]]
        if cache_upto and last.startswith(cache_upto):
            texts.append(prompt[:start + len(cache_upto)])
        elif cache_upto:
            log.warning("cache_upto is not the start of the last message; caching the fixed prefix only")
        bounds: list[int] = []
        for text in texts:
            # a boundary counts only as far as its tokens equal the prompt's own (a merge across it shortens it)
            n = common_prefix(tokenize(text), tokens)
            if 0 < n < len(tokens) and n not in bounds:
                bounds.append(n)
        return tokens, sorted(bounds)

    def prepare(self, llama: Any, messages: list[dict[str, str]], cache_upto: str | None = None) -> None:
        """Restore, evaluate and save so the next create_chat_completion prefills only the uncached rest."""
        self.last_restored = self.last_prefilled = 0
        tokens, bounds = self.boundaries(llama, messages, cache_upto)
        if not tokens:
            return
        have = common_prefix(llama._input_ids.tolist(), tokens)  # what the context already holds
        entry = self.store.longest(tokens, longer_than=have)
        if entry is not None and restore_state(llama, entry):
            have = self.last_restored = len(entry.tokens)
        else:
            if entry is not None:
                log.warning("llama.cpp refused a stored KV state; deleting it")
                self.store.discard(entry.tokens)
                have = 0
            # cells after `have` belong to another prompt (generate() would drop them too): a saved state holds
            # exactly the prefix it is named after
            llama._ctx.kv_cache_seq_rm(-1, have, -1)
            llama.n_tokens = have
            llama._requires_eval = True
        for bound in bounds:
            if self.store.touch(tokens[:bound]) or bound < have:
                # stored (and now recently used, so the fixed prefix is never the one evicted), or the context
                # holds more of this prompt than the boundary: cutting it back to save a state would cost more
                continue
            llama.eval(tokens[have:bound])
            self.last_prefilled += bound - have
            have = bound
            self.store.put(tokens[:bound], read_state(llama))

    def _format(self, llama: Any, messages: list[dict[str, str]]) -> Any:
        """The same formatter create_chat_completion uses for a GGUF with its own chat template; else None."""
        if llama.chat_handler is not None or llama.chat_format != "chat_template.default":
            return None
        if self._formatter is None:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos, bos = llama.token_eos(), llama.token_bos()
            self._formatter = Jinja2ChatFormatter(
                template=llama.metadata["tokenizer.chat_template"],
                eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
                bos_token=llama._model.token_get_text(bos) if bos != -1 else "", stop_token_ids=[eos])
        return self._formatter(messages=messages)
