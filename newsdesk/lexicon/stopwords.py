"""Stop words: the English words that say nothing about what a text is about.

Source: English function words (determiners, pronouns, prepositions, conjunctions,
auxiliaries: closed classes) plus the reporting verbs every news story uses
('said', 'according'). General: none of them names a person, place, event or topic.

The lists differ on purpose, one per way words are compared; each says why it
differs. Keep them apart: merging two would change what a stage keeps.
"""
from __future__ import annotations

# Words of four letters or more, for the content words cleaning compares between a page's title and its
# blocks (`clean.py` only looks at words of 4+ letters, so shorter function words are not listed).
# Also drops the reporting verbs ('said', 'says') and 'like', which every page repeats.
CLEAN_STOP_WORDS = frozenset("""about above after again against also among been before being below between both
could does doing down during each from further have having here into itself just more most much must
only other over same should some such than that their them then there these they this those through
under until very were what when where which while will with would your yours said says like""".split())

# The words left out of a unit's keywords (`analyze`): function words of three letters or more (keywords
# are 3+ letters), reporting verbs, and the small numbers 'one', 'two', 'three', which count anything.
KEYWORD_STOP_WORDS = frozenset("""the and for with that this from have has had was were are been being will would
could should into about after before over under than then them they their there these those which while where
when what who whom whose also just more most much many some such only very said says according its his
her our your one two three also both each other another between among during through against upon""".split())

# The keyword list plus the words news uses to place any claim in time or rank it ('new', 'key', 'major',
# 'first', 'last', 'year', 'week', 'month', 'time', 'including', 'amid', 'well'): the cross-check pairs
# claims by the words they share, and these are shared by claims about anything.
CLAIM_STOP_WORDS = KEYWORD_STOP_WORDS | frozenset("""new key major first last year years week month time
including include includes included amid well""".split())

# The words around a figure that do not say what it measures (`analyze/figures.py`): function words of any
# length, hedges ('nearly', 'roughly'), the verbs of reporting and of change ('rose', 'cut'), the small
# number words and the time words ('year', 'last'), so '18% rise in defense spending' measures 'defense
# spending', not 'rise'.
FIGURE_STOP_WORDS = frozenset("""a an the of in on at to for from by with and or as its their his her this that these
those is was are were be been has have had will would could may might can into over under about than more less
per some nearly almost around roughly approximately exceeding just up down also which who what it they
between among across came come comes stood stands worth last year years since making made make
two three four five six seven eight nine ten one you know most recently already its their her his
said says according reported increased increase raised raise rose risen grew grown cut reduced""".split())

# Words that cannot be what a count counts ('aged 30 from …'): English prepositions and conjunctions, a
# closed class. Short on purpose: the count's noun comes from a pattern, so only words the pattern can
# wrongly take after a number are listed.
NOT_COUNTED_WORDS = frozenset("""from to of in on at by for with and or but as than that which who when where while
into onto over under after before since until about against between through during without within""".split())

# The words left out of an article's terms (`features`), whose TF-IDF tells events apart: function words of
# any length (the terms are whole-text counts, so short words would dominate), the small number and ordinal
# words, and the time and reporting words ('year', 'morning', 'reported') every news story uses whatever
# event it reports. Used together with the features' non-name words (pronouns, titles, calendar names).
EVENT_STOP_WORDS = frozenset("""about above across again against all almost along already although always among
another any anyone anything are around away back because been being below between both but can cannot could
did does doing done down during each either else even ever every few for further get gets got had has have
having hence her here hers herself himself into its itself just least less like made make makes many might
more most much must near nearly neither never next none nor now once one ones only other others ought our ours
out over own perhaps quite rather really same several shall she should since some something still such than
that the thee their theirs them themselves then there therefore these they thing things this those though
through thus too toward towards under until upon very was way ways well were what whatever when whenever where
whether which while who whoever whole whom whose why will with within without would yet you your yours two
three four five six seven eight nine ten first second third last year years month months week weeks day days
time times morning afternoon evening night people percent reported reports report saying statement""".split())
