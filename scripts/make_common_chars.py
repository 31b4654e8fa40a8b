"""Writes parsers/common_chars.txt: the Chinese characters ordinary text is made of (run by hand).

The 3,500 most frequent characters of jieba's dictionary (weighted by word frequency; they cover
about 99% of its text) plus their traditional forms (OpenCC s2t). A text layer whose Chinese is
mostly outside this set is glyph ids read as characters, not text (parsers/pdf_layer.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TOP = 3500
OUT = Path(__file__).resolve().parents[1] / "parsers" / "common_chars.txt"


def main() -> None:
    import jieba
    from opencc import OpenCC

    counts: Counter[str] = Counter()
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, frequency, *_ = line.split()
        counts.update({char: int(frequency) for char in word if "\u4e00" <= char <= "\u9fff"})
    simplified = "".join(sorted(char for char, _ in counts.most_common(TOP)))
    traditional = OpenCC("s2t").convert(simplified) + OpenCC("s2hk").convert(simplified)
    chars = sorted(set(simplified + traditional))
    lines = ["".join(chars[i : i + 80]) for i in range(0, len(chars), 80)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(chars)} characters")


if __name__ == "__main__":
    main()
