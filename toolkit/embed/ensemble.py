"""An encoder made of registered encoders: their L2-normalised vectors, weighted and concatenated.

With weights w_k (normalised to sum 1), the member vectors are scaled by sqrt(w_k) and
concatenated, so the cosine of two ensemble vectors is exactly the weighted mean of the
members' cosines: averaged similarity with one vector per text, usable by every stage
(candidate search, clustering, alignment) without knowing that it is an ensemble. The cache
holds the members' vectors, not the ensemble's: an ensemble run after a run of one of its
members embeds again only with the others.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field, model_validator

from toolkit.embed.base import ENCODERS, Encoder
from toolkit.registry import ComponentSettings


@ENCODERS.register("ensemble", version="1")
class EnsembleEncoder(Encoder):
    """Weighted concatenation of member encoders (each with its default settings)."""

    cacheable = False  # its members are cached (wrap_members); its vectors are a function of theirs

    class Settings(ComponentSettings):
        ensemble_members: list[str] = Field(
            ["e5-small-q4", "use-multilingual-v3"], min_length=1,
            description="Registered encoders combined by `ensemble`.")
        ensemble_weights: list[float] = Field(
            [0.7, 0.3], description="Weight of each member's cosine in `ensemble` (same order).")

        @model_validator(mode="after")
        def _weights_match(self) -> EnsembleEncoder.Settings:
            if len(self.ensemble_weights) != len(self.ensemble_members):
                raise ValueError("embed.ensemble_weights needs one weight per member of embed.ensemble_members")
            if any(w < 0 for w in self.ensemble_weights) or sum(self.ensemble_weights) <= 0:
                raise ValueError("embed.ensemble_weights must be non-negative and add up to a positive number")
            if "ensemble" in self.ensemble_members:
                raise ValueError("embed.ensemble_members cannot contain ensemble itself")
            return self

    @classmethod
    def weights_fingerprint(cls, settings: dict) -> str | None:
        members = settings.get("ensemble_members") or cls.Settings.model_fields["ensemble_members"].default
        prints = [ENCODERS.get(name).weights_fingerprint({}) for name in members]
        return "+".join(p or "-" for p in prints)

    def __init__(self, settings=None, *, threads: int = 1, **options: object) -> None:
        super().__init__(settings, threads=threads, **options)
        s = self.settings
        self.members = [ENCODERS.build(name, {}, threads=threads) for name in s.ensemble_members]
        total = sum(s.ensemble_weights)
        self.scales = [float(np.sqrt(w / total)) for w in s.ensemble_weights]
        self.dim = sum(member.dim for member in self.members)
        self.batch_invariant = all(member.batch_invariant for member in self.members)
        self.version = "+".join(f"{m.id}@{m.version}*{w:g}" for m, w in zip(self.members, s.ensemble_weights))

    def wrap_members(self, wrap) -> None:
        self.members = [wrap(member) for member in self.members]

    def encode(self, texts: list[str], batch_size: int = 32,
               show_progress_bar: bool = False) -> np.ndarray:
        parts = [scale * member.encode(list(texts), batch_size=batch_size)
                 for member, scale in zip(self.members, self.scales)]
        self.dim = sum(part.shape[1] for part in parts)  # a member fitted per call sets its width then
        return np.ascontiguousarray(np.concatenate(parts, axis=1), dtype=np.float32)
