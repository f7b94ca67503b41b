"""dedupe: fold copies of one text (same words under two URLs, a wire story run by several
outlets with small edits) into syndication groups before clustering.

``text_hash`` catches exact copies; ``signature`` + :class:`NearDuplicateIndex` (MinHash LSH
over word shingles, datasketch) catch near copies. A group counts as one voice with several
outlets; its origin is the member with an agency byline, else the earliest.
"""

from newsprism.dedupe.minhash import NearDuplicateIndex, jaccard, signature
from newsprism.dedupe.text import normalized_words, text_hash

__all__ = ["NearDuplicateIndex", "jaccard", "normalized_words", "signature", "text_hash"]
