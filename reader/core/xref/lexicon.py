"""The words the cross-referencing modules share, each vocabulary owned here once:

- ``STOPS``: words that carry no fact (Whoosh's English stop words and a few more);
- ``stem``: a word as the index stems it (Porter), memoised;
- ``COUNT_CLASSES`` / ``CLASS_OF``: counted nouns that mean the same kind of thing (troops,
  soldiers, forces, personnel, ...), by stem;
- ``NATIONALITIES``, ``PLACES``, ``NAMES``, ``NAME_KEY``: a small gazetteer of countries, their
  adjectives and capitals, mapped to one key per country ("North Korean" → "north korea");
- ``EVENT_CLASSES`` / ``EVENT_OF``: words that tie a count to a kind of happening (sent vs
  killed);
- ``HAPPENING_CLASSES`` / ``HAPPENING_OF``: words that tie a day to a kind of happening (voted,
  announced, leaked).

Vocabularies used by one module only stay in that module (number words and scales in
quantities.py, framing verbs in discourse.py, boilerplate in claims.py).
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import STOP_WORDS

from ..index import TextAnalyzer

STOPS = frozenset(STOP_WORDS) | {
    "said", "says", "also", "would", "could", "may", "might", "one", "just", "even", "much",
    "many", "more", "most", "very", "there", "here", "what", "which", "who", "whom", "this",
    "these", "those", "their", "them", "they", "its", "his", "her", "our", "your", "been",
    "being", "has", "had", "does", "did", "than", "then", "into", "about", "over", "such",
}

# Counted nouns that mean the same kind of thing (matched by stem, so plurals are included).
COUNT_CLASSES = {
    "troops": "troops soldiers forces personnel fighters servicemen military serviceman "
              "infantry marines paratroopers commandos conscripts recruits mercenaries "
              "combat",
    "casualties": "casualties dead deaths killed wounded injured fatalities victims",
    "workers": "workers laborers labourers employees migrants staff jobs",
    "munitions": "shells rounds munitions ammunition artillery missiles rockets bombs drones",
    "people": "people persons civilians residents citizens individuals inhabitants",
    "refugees": "refugees evacuees displaced asylum",
    "voyages": "voyages shipments trips deliveries",
    "vehicles": "tanks vehicles armour aircraft jets planes helicopters",
}

NATIONALITIES = {
    "north korean": "north korea", "south korean": "south korea", "korean": "korea",
    "russian": "russia", "ukrainian": "ukraine", "american": "united states",
    "u.s.": "united states", "us": "united states", "british": "united kingdom",
    "uk": "united kingdom", "chinese": "china", "iranian": "iran", "french": "france",
    "german": "germany", "israeli": "israel", "palestinian": "palestine",
    "syrian": "syria", "iraqi": "iraq", "afghan": "afghanistan", "indian": "india",
    "pakistani": "pakistan", "japanese": "japan", "turkish": "turkey", "polish": "poland",
    "belarusian": "belarus", "nepali": "nepal", "nepalese": "nepal", "tajik": "tajikistan",
    "european": "europe", "western": "west", "nato": "nato", "soviet": "soviet union",
    "egyptian": "egypt", "saudi": "saudi arabia", "canadian": "canada",
    "australian": "australia", "mexican": "mexico", "brazilian": "brazil",
    "italian": "italy", "spanish": "spain", "dutch": "netherlands", "swedish": "sweden",
    "finnish": "finland", "norwegian": "norway", "greek": "greece", "vietnamese": "vietnam",
    "cuban": "cuba", "venezuelan": "venezuela", "nigerian": "nigeria", "kenyan": "kenya",
    "south african": "south africa", "lebanese": "lebanon", "yemeni": "yemen",
    "libyan": "libya", "sudanese": "sudan", "ethiopian": "ethiopia",
}
PLACES = {v: v for v in NATIONALITIES.values()}
PLACES.update({"pyongyang": "north korea", "moscow": "russia", "kremlin": "russia",
                "kyiv": "ukraine", "kiev": "ukraine", "seoul": "south korea",
                "washington": "united states", "beijing": "china", "london": "united kingdom",
                "the west": "west", "u.s": "united states", "usa": "united states",
                "britain": "united kingdom", "america": "united states"})

NAMES = sorted(list(NATIONALITIES.items()) + list(PLACES.items()), key=lambda kv: -len(kv[0]))
NAME_KEY = dict(NAMES)
_analyzer = TextAnalyzer()


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    toks = list(_analyzer(word.lower(), tokenize=False, removestops=False))
    return toks[0].text if toks else word.lower()


CLASS_OF = {stem(w): cls for cls, words in COUNT_CLASSES.items() for w in words.split()}


# Words that tie a count to an event; two counts of troops only conflict when they are counts
# of the same happening (sent vs sent), not of different ones (sent vs killed).
EVENT_CLASSES = {
    "deploy": "deploy deployed deploying deployment send sent sending dispatch dispatched "
              "station stationed arrive arrived transfer transferred commit committed "
              "commitment supply supplied provide provided bolster",
    "casualty": "kill killed killing die died dead death deaths wound wounded injured "
                "casualties casualty lost lose losses loss toll",
    "shortage": "short shortage shortfall lack lacking need needed",
    "hire": "hire hired recruit recruited employ employed lure lured",
}
EVENT_OF = {w: cls for cls, words in EVENT_CLASSES.items() for w in words.split()}

# What happened on a day a claim names: two claims dating the same kind of happening, of the
# same story, date the same happening (speech is left out: "said Tuesday" dates a statement,
# and one story holds many).
HAPPENING_CLASSES = {
    "vote": "vote voted votes voting pass passed passes passing approve approved approves "
            "approving adopt adopted reject rejected override overrode overridden",
    "announce": "announce announced announces announcing announcement unveil unveiled "
                "unveils declare declared",
    "release": "release released releases leak leaked leaks publish published disclosed "
               "surfaced public",
    "resign": "resign resigned resigns resignation quit quits stepped departure",
    "sign": "sign signed signs signing",
    "arrest": "arrest arrested arrests custody detained charged",
    "plead": "plead pleaded pleads pled guilty",
    "meet": "meet met meeting meets",
    "visit": "visit visited visits",
    "die": "die died dies killed dead death",
}
HAPPENING_OF = {w: cls for cls, words in HAPPENING_CLASSES.items() for w in words.split()}

