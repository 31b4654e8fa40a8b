"""Names carried from one item of a list to the next, where the later item leaves them unsaid.

- "建设口袋公园4个、公厕21个": the verb heading the list governs every item (建设公厕).
- "存款余额320亿元、贷款余额210亿元" after "金融机构人民币": items that differ only in their own
  modifier share what stands before it (金融机构人民币贷款余额).
- "新开工项目20个、竣工11个、新投产6个": a bare status verb counts the same things (新投产项目).

Only a 、 joins items of one list; a comma starts a clause of its own, whose subject is decided by
names.py.
"""

from __future__ import annotations

import re

from parsers.records.chunks import Word, words

# Post-modifiers an item may end on before the 、 ("…20个以上、…").
ITEM_TAIL = re.compile(r"^\s*(?:以上|左右|及以上|余)?\s*$")


def listed_after(sentence: str, previous_end: int, start: int) -> bool:
    """The figure at `start` is the next item of the list whose previous figure ends at `previous_end`."""
    between = sentence[previous_end:start]
    if between.count("、") != 1:
        return False
    tail, item = between.split("、")
    return bool(ITEM_TAIL.match(tail)) and not re.search(r"[，,；;。：:]", item)


def _verb(word: Word) -> bool:
    return word.tag.startswith("v") and not word.role


def list_head(previous: str, metric: str) -> str:
    """`metric` with the verb that heads the previous item, where it has none of its own."""
    before, own = words(previous), words(metric)
    if len(before) < 2 or not own or not _verb(before[0]) or own[0].role:
        return metric
    if any(_verb(word) for word in own[:2]):
        return metric  # "新投产项目": a predicate of its own
    if metric.startswith(before[0].text) or not own[-1].tag.startswith(("n", "v", "j", "eng")):
        return metric
    return before[0].text + metric


def shared_modifier(previous: str, metric: str) -> str:
    """ "金融机构人民币存款余额…、贷款余额…": what stands before the previous item's own modifier.

    The two items end on the same head noun (余额) after modifiers of the same length (存款, 贷款);
    the words before the previous one's modifier are shared, where they end at a word boundary.
    """
    shared = 0
    while shared < min(len(previous), len(metric)) and previous[-1 - shared] == metric[-1 - shared]:
        shared += 1
    own = len(metric) - shared
    if shared < 2 or own < 1 or len(previous) <= len(metric):
        return metric
    prefix = previous[: len(previous) - len(metric)]
    if len(prefix) < 2 or metric.startswith(prefix):
        return metric  # "新签约项目…、开工…": 新 is part of the status, not a shared modifier
    boundaries = {0}
    for word in words(previous):
        boundaries.add(max(boundaries) + len(word.text))
    # Not inside a word: "一般公共预算收入…、税收收入…" share nothing.
    return prefix + metric if len(prefix) in boundaries else metric


def bare_predicate(metric: str) -> bool:
    """A name that is only a predicate ("竣工", "新投产"): it says what happened, not to what."""
    chunk = words(metric)
    return bool(chunk) and any(_verb(w) for w in chunk) and all(w.tag[:1] in "vad" for w in chunk)


def counted_things(metric: str) -> str:
    """What a count counts, the object of the predicate heading it: "新签约亿元以上项目" → 亿元以上项目,
    "经市认可新开工亿元项目" → 亿元项目."""
    chunk = words(re.sub(r"[(（][^()（）]*[)）]", "", metric))  # "外资项目(含增资)": the bracket qualifies
    while len(chunk) > 1 and _verb(chunk[-1]) and chunk[-2].tag.startswith("n") and len(chunk[-2].text) > 1:
        chunk = chunk[:-1]  # "高新技术企业净增" (…56家): the predicate after the things comes off
    verbs = [index for index, word in enumerate(chunk[:-1]) if _verb(word)]
    things = "".join(w.text for w in (chunk[verbs[-1] + 1 :] if verbs else chunk))
    if len(chunk) == 1 and len(things) > 4:
        # One dictionary word with its verb inside ("新认定高新技术企业"): the verb comes off.
        for cut in (3, 2):
            head, rest = words(things[:cut]), words(things[cut:])
            if len(head) == 1 and _verb(head[0]) and rest and rest[0].tag.startswith("n"):
                return things[cut:]
    return things


def sub_item(previous: str, metric: str) -> str:
    """ "上市企业12家(其中科创板3家)": a part of the things just counted, named by what sets it apart,
    takes their noun (科创板上市企业); a part with a noun of its own ("其中工业项目83个") keeps it."""
    things = counted_things(previous)
    head = words(things)[-1:] if things else []
    own = words(metric)
    if not head or not own or len(metric) > 4 or metric.endswith(head[0].text):
        return metric
    if own[-1].tag.startswith("n") and len(own[-1].text) >= 2 and own[-1].text[-1] == things[-1]:
        return metric
    return metric + things


def same_subject(previous: str, metric: str) -> str:
    """ "科创载体开工100万平方米、建成100万平方米": a bare predicate of an amount is said of the
    subject the item before it names (科创载体建成)."""
    before = words(previous)
    if len(before) < 2 or not _verb(before[-1]) or not before[-2].tag.startswith("n"):
        return metric
    return "".join(word.text for word in before[:-1]) + metric
