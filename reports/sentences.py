"""The engine's sentences in the report's language, with the catalogue's own titles.

Why a module of its own: a snapshot's sentences are messages (`evidence.messages`) whose
words `Lang.msg` translates, but some arguments are the catalogue's titles ("S1
Committed cluster participants", "the Bronze rules hold"), which the snapshot names in
English and translates in `CatalogueInfo.translations`. A Czech board member should read
"Bronzový certifikát" there too, so before a message is rendered every text argument
that is exactly an English indicator, area or label title is swapped for its title in
the report's language. Only whole arguments that equal a title are swapped: the user's
own text (a record's title) is never rewritten. The same holds for the catalogue's
unit words ("hours per FTE a year") and a judgement level's description, which the
catalogue may translate too.
"""

from __future__ import annotations

from evidence.messages import Arg, Msg, Text

from .i18n import CatalogueTitles, Lang


class Sentences:
    """`say(text)`: a snapshot's sentence (a message, or an older snapshot's text) in
    the report's language."""

    def __init__(
        self,
        lang: Lang,
        titles: CatalogueTitles,
        english: dict[str, str],
        english_units: dict[str, str] | None = None,
    ) -> None:
        """`english`: id -> English title of the snapshot's indicators, areas, labels;
        `english_units`: indicator id -> its English unit words."""
        self.lang = lang
        local = {**titles.indicators, **titles.areas, **titles.labels}
        self._swap = {
            title: local[key] for key, title in english.items() if local.get(key, title) != title
        }
        self._swap.update(titles.levels)
        self._words = {
            words: titles.units[key]
            for key, words in (english_units or {}).items()
            if key in titles.units and words
        }

    def __call__(self, text: Text) -> str:
        if isinstance(text, str):
            return self.lang.msg(text)
        return self.lang.msg(self._local(text))

    def _local(self, msg: Msg) -> Msg:
        args = {k: self._arg(a) for k, a in msg.args.items()}
        return msg.model_copy(update={"args": args})

    def _arg(self, a: Arg) -> Arg:
        if a.words is not None and a.words in self._words:
            return a.model_copy(update={"words": self._words[a.words]})
        if a.text is not None and a.text in self._swap:
            return a.model_copy(update={"text": self._swap[a.text]})
        if a.msg is not None:
            return a.model_copy(update={"msg": self._local(a.msg)})
        if a.msgs is not None:
            return a.model_copy(update={"msgs": [self._local(m) for m in a.msgs]})
        return a
