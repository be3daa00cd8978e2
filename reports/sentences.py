"""The engine's sentences in the report's language, with the catalogue's own titles.

Why a module of its own: a snapshot's sentences are messages (`evidence.messages`) whose
words `Lang.msg` translates, but some arguments are the catalogue's titles ("S1
Committed cluster participants", "the Bronze rules hold", the improvement topic
"Strategy, action plan and monitoring"), which the snapshot names in English and
translates in `CatalogueInfo.translations`. A Czech board member should read
"certifikát Bronze" there too. The engine marks such an argument with the item it titles
(`evidence.messages.titled`: "indicator:V6", "area:governance", "label:bronze",
"topic:strategy"), and before a message is rendered each marked argument gets the title
in the report's language (the English one where the catalogue gives none).

A snapshot written before arguments were marked names titles as plain text: there (and
only there: `legacy`) a text argument that is exactly an English indicator, area or label
title is swapped, which would also rewrite a record titled "Gold"; in a newer snapshot
the user's own text is never rewritten.
The same holds for the catalogue's unit words ("hours per FTE a year") and a
judgement level's description, which the catalogue may translate too.

A snapshot written before sentences were messages holds English text (`older`): in
another language each such text is shown marked as the stored text of an older clex
(`reports.older.marked`), and a judged indicator's explanation is rebuilt from its
judgement (`reports.older.explanation`).
"""

from __future__ import annotations

from evidence.messages import Arg, Msg, Text

from .i18n import CatalogueTitles, Lang
from .older import marked


class Sentences:
    """`say(text)`: a snapshot's sentence (a message, or an older snapshot's text) in
    the report's language."""

    def __init__(
        self,
        lang: Lang,
        titles: CatalogueTitles,
        english: dict[str, str],
        english_units: dict[str, str] | None = None,
        legacy: bool = False,
        older: bool = False,
    ) -> None:
        """`english`: id -> English title of the snapshot's indicators, areas, labels;
        `english_units`: indicator id -> its English unit words; `legacy`: the
        snapshot's messages do not mark titles (written before); `older`: its sentences
        are English text (written before they were messages)."""
        self.lang = lang
        self.older = older
        self._by_ref = {
            f"{kind}:{key}": title
            for kind, own in (
                ("indicator", titles.indicators),
                ("area", titles.areas),
                ("label", titles.labels),
                ("topic", titles.topics),
            )
            for key, title in own.items()
        }
        local = {**titles.indicators, **titles.areas, **titles.labels}
        self._swap = {
            title: local[key]
            for key, title in english.items()
            if legacy and local.get(key, title) != title
        }
        self._swap.update(titles.levels)
        self._words = {
            words: titles.units[key]
            for key, words in (english_units or {}).items()
            if key in titles.units and words
        }

    def __call__(self, text: Text) -> str:
        if isinstance(text, str):
            text = marked(text, self.lang.code) if self.older else text
            if isinstance(text, str):
                return self.lang.msg(text)
        return self.lang.msg(self._local(text))

    def _local(self, msg: Msg) -> Msg:
        args = {k: self._arg(a) for k, a in msg.args.items()}
        return msg.model_copy(update={"args": args})

    def _arg(self, a: Arg) -> Arg:
        if a.ref is not None:
            return a.model_copy(update={"text": self._by_ref.get(a.ref, a.text)})
        if a.words is not None and a.words in self._words:
            return a.model_copy(update={"words": self._words[a.words]})
        if a.text is not None and a.text in self._swap:
            return a.model_copy(update={"text": self._swap[a.text]})
        if a.msg is not None:
            return a.model_copy(update={"msg": self._local(a.msg)})
        if a.msgs is not None:
            return a.model_copy(update={"msgs": [self._local(m) for m in a.msgs]})
        return a


def marks_titles(msg: Text) -> bool:
    """Whether `msg` marks a catalogue title anywhere (`titled`): written by a clex that
    marks them."""
    if isinstance(msg, str):
        return False
    for a in msg.args.values():
        if a.ref is not None or (a.msg is not None and marks_titles(a.msg)):
            return True
        if a.msgs is not None and any(marks_titles(m) for m in a.msgs):
            return True
    return False
