"""The Chroma collection that holds the chunks: embedded on disk, or a `chroma run` server."""
from __future__ import annotations

from typing import Any

from tutor.config import Settings
from tutor.embeddings import ChromaEmbeddingFunction, Embedder


class StoreError(RuntimeError):
    """The vector store is missing or unreachable; the message says what to do."""


def chroma_client(settings: Settings) -> Any:
    """A Chroma client with telemetry off: a server when `chroma_host` is set, else on-disk under the data dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        # Chroma's own server has no auth: a token goes to the proxy in front of it, as a bearer header
        token = settings.chroma_token.get_secret_value() if settings.chroma_token else ""
        headers = {"Authorization": f"Bearer {token}"} if token else None
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                                       headers=headers, settings=chroma_settings)
        except Exception as exc:  # connection refused, 401/403 from the proxy, and friends
            denied = any(code in _chain(exc) for code in ("401", "403", "Unauthorized", "Forbidden"))
            hint = ("check TUTOR_CHROMA_TOKEN" if denied
                    else "start it with `chroma run` or unset TUTOR_CHROMA_HOST")
            raise StoreError(f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                             f"({'access denied' if denied else type(exc).__name__}); {hint}.") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _chain(exc: BaseException | None) -> str:
    """An exception and its causes as text (Chroma wraps an HTTP 401 in a generic "could not connect")."""
    parts = []
    while exc is not None and len(parts) < 5:
        parts.append(f"{type(exc).__name__}: {exc}")
        exc = exc.__cause__ or exc.__context__
    return " | ".join(parts)


def open_collection(settings: Settings, embedder: Embedder, *, create: bool, sentences: bool = False) -> Any:
    """The chunk collection, or with `sentences=True` the sentence collection that points into it.

    Cosine space and our own embedding function: Chroma's default one would download a model.
    """
    client = chroma_client(settings)
    ef = ChromaEmbeddingFunction(embedder)
    name = f"{settings.collection}-sentences" if sentences else settings.collection
    if create:
        return client.get_or_create_collection(name, embedding_function=ef, configuration={"hnsw": {"space": "cosine"}})
    try:
        collection = client.get_collection(name, embedding_function=ef)
    except Exception as exc:  # chroma raises NotFoundError / ValueError depending on version
        raise StoreError("The knowledge base is not ingested yet; run `tutor ingest` (or `make run`).") from exc
    if settings.chroma_host:
        collection = RetriedReads(collection)
    if collection.count() == 0:
        raise StoreError("The knowledge base is empty; run `tutor ingest` (or `make run`).")
    return collection


class RetriedReads:
    """A server collection whose reads are tried a second time when the connection breaks mid-response: Caddy in
    front of Chroma once aborted a 1.2 MB answer of sentence vectors ("reading from backend: use of closed network
    connection", session 55's fresh-clone CI), and the learner's question failed. Reads only: a write may have
    landed before the break."""

    READS = frozenset({"get", "query", "count", "peek"})

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._collection, name)
        if name not in self.READS:
            return attr

        def read(*args: Any, **kwargs: Any) -> Any:
            import httpx

            try:
                return attr(*args, **kwargs)
            except httpx.TransportError:
                return attr(*args, **kwargs)

        return read


def embedding_text(section: str, text: str) -> str:
    """What gets embedded and keyword-indexed: the heading path counts as much as the words under it."""
    return f"{section}\n{text}" if section else text


def sentence_text(section: str, sentence: str) -> str:
    """A sentence embedded with the last two headings above it: enough context, little dilution."""
    return f"{' > '.join(section.split(' > ')[-2:])}: {sentence}" if section else sentence
