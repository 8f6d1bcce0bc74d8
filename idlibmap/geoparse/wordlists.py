"""General English words the geoparser needs: what is no place name, and what a name's neighbours mean.

Plain data, lower case, no logic: the patterns in :mod:`.patterns` and the
scanner in :mod:`.tokens` read them.
"""

from __future__ import annotations

MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Capitalised words that start sentences or name institutions and happen to be place names somewhere.
COMMON_WORDS = MONTHS | WEEKDAYS | {
    "a", "an", "the", "in", "on", "at", "by", "for", "from", "with", "and", "but", "or", "as", "it", "he", "she",
    "they", "we", "i", "you", "this", "that", "these", "those", "his", "her", "its", "their", "our", "after",
    "before", "while", "when", "where", "since", "until", "during", "under", "over", "about", "also", "however",
    "meanwhile", "some", "many", "most", "both", "all", "one", "two", "three", "four", "five", "ten", "no", "not",
    "if", "so", "then", "there", "here", "what", "who", "why", "how", "today", "yesterday", "tomorrow", "last",
    "next", "new", "old", "early", "late", "later", "more", "less", "only", "even", "still", "yet", "already",
    "nice", "reading", "mobile", "split", "hope", "bath", "deal", "sale", "wells", "marks", "union", "liberty",
    "independence", "progress", "victory", "unity", "paradise", "eagle", "orange", "royal", "national", "central",
    "said", "says", "asked", "told", "added", "according", "despite", "amid", "against", "across", "near",
    "people", "police", "army", "forces", "government", "ministry", "council", "agency", "security", "office",
    "party", "front", "state", "republic", "news", "press", "media", "reuters", "associated", "agence",
    "christmas", "easter", "ramadan", "eid", "god", "allah", "internet", "covid", "much",
    "several", "each", "every", "other", "another", "such", "own", "same", "way", "would", "could",
    "should", "will", "can", "may", "might", "must", "was", "were", "is", "are", "be", "been", "has", "have",
    "navy", "arab", "arabs", "kurdish", "kurds", "berber", "tuareg",
    "pashtun", "baloch", "hausa", "fulani", "rohingya", "shia", "shiite", "shi'ite", "sunni", "druze", "alawite",
    "yazidi", "christian", "christians", "muslim", "muslims", "jewish", "hindu", "sikh", "buddhist", "catholic",
    "orthodox", "islamic", "jihadist", "jihadists",
}
# Generic geographic words and compass words: never a place on their own ("Gulf", "Gap", "Northern"),
# though they are part of longer names ("Persian Gulf", "Darién Gap", "Northern Ireland").
GENERIC_WORDS = {
    "gulf", "gap", "sea", "seas", "bay", "strait", "straits", "river", "lake", "valley", "mountain", "mountains",
    "island", "islands", "coast", "desert", "basin", "delta", "plateau", "peninsula", "strip", "horn", "camp",
    "crossing", "corridor", "line", "border", "region", "province", "district", "north", "south", "east",
    "west", "northern", "southern", "eastern", "western", "northeast", "northwest", "southeast", "southwest",
    "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower", "greater", "great",
    "little", "middle", "port", "cape", "mount",
}
TITLES = {"president", "prime", "minister", "foreign", "defence", "defense", "interior", "secretary", "general",
          "gen", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt", "commander", "admiral",
          "sergeant", "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "king", "queen", "prince", "princess",
          "sheikh", "emir", "imam", "ayatollah", "pope", "bishop", "father", "saint", "governor", "mayor",
          "senator", "sen", "rep", "representative", "ambassador", "envoy", "chancellor", "spokesman",
          "spokeswoman", "spokesperson", "chief", "deputy", "vice", "premier", "marshal", "judge", "justice",
          "professor", "prof", "rev", "reverend", "brother", "sister", "uncle", "aunt", "st", "mount"}
# Words after a place name that make the whole an organisation: "Arakan Army", "Damascus University".
ORGANISATION_WORDS = {"army", "party", "front", "council", "forces", "police", "ministry", "government", "agency",
                      "university", "bank", "airlines", "airways", "club", "committee", "movement", "brigade",
                      "brigades", "corps", "league", "times", "post", "news", "radio", "television", "tv",
                      "observatory", "group", "company", "corporation", "institute", "foundation", "guard",
                      "fc", "united", "city", "stadium", "airport", "herald", "tribune", "journal", "telegraph",
                      "navy", "marines", "embassy", "consulate", "congress", "senate", "treasury", "department",
                      "command", "air", "operations", "authority", "organization", "organisation", "office",
                      "service", "services", "commission", "centre", "center", "trust", "fund", "network",
                      "coalition", "alliance", "programme", "program"}
# Lower-case words after a name that make it a group's name: "Houthi rebels", "Wagner fighters".
GROUP_WORDS = ("rebels", "rebel", "militia", "militias", "militants", "militant", "fighters", "insurgents",
               "insurgency", "movement", "group", "gunmen", "cartel", "clan", "tribe", "tribesmen")
# Capitalised words before a name that make the whole an organisation's name: "Air India", "Radio Sawa".
ORGANISATION_BEFORE = {"air", "airways", "radio", "bank", "royal", "university", "hotel", "hospital", "club",
                       "fc", "operation", "team", "fort"}
# Words after a name that make it a region: "Idlib province", "Donetsk region", "Swat district",
# "the Luhansk governor" (a governor heads a region, not a town).
ADMIN_WORDS = {"province", "governorate", "region", "state", "oblast", "district", "department", "prefecture",
               "county", "division", "territory", "canton", "emirate", "krai", "kray", "wilayah", "wilaya",
               "municipality", "voivodeship", "raion", "township", "governor", "governors", "regional"}
# Second-level admin words: "Swat district", "Maungdaw township" prefer the admin-2 region.
ADMIN2_WORDS = {"district", "township", "raion", "county", "municipality", "department", "division"}
# A capitalised word before "of X" that makes "... of X" a name of its own, where X is no mention:
# "University of Kyiv", "Armed Forces of Ukraine", "Battle of Kursk". Titles ("Governor of Kherson") and
# geographic words ("Gulf of Aden", "Republic of Korea") are not in it: see OF_NAME_HEADS_ALLOWED.
OF_NAME_HEADS_ALLOWED = GENERIC_WORDS | {
    "republic", "kingdom", "state", "states", "emirate", "emirates", "sultanate", "principality",
    "commonwealth", "federation", "city", "town", "village", "isle", "isles", "land", "capital", "people",
    "government", "embassy", "consulate", "outskirts", "centre", "center", "heart", "rest", "west", "east",
    "north", "south", "parts", "area", "areas", "bank", "banks", "shores", "shore", "mouth", "sea", "gulf",
}
# Compass words and the part of a country each names ("northern Syria" -> its north).
DIRECTION_WORDS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east",
    "eastern": "east", "west": "west", "western": "west", "central": "centre", "centre": "centre",
    "center": "centre", "northeast": "northeast", "northeastern": "northeast", "northwest": "northwest",
    "northwestern": "northwest", "southeast": "southeast", "southeastern": "southeast",
    "southwest": "southwest", "southwestern": "southwest",
}
DIRECTION_ANGLES = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
                    "west": 270, "northwest": 315}
# Verbs after a place that make it stand for its government: "Moscow said", "Ankara has warned".
GOVERNMENT_VERBS = (
    "said", "says", "say", "announced", "announces", "accused", "accuses", "denied", "denies", "warned", "warns",
    "demanded", "demands", "insisted", "insists", "rejected", "rejects", "condemned", "condemns", "urged", "urges",
    "told", "tells", "claimed", "claims", "threatened", "threatens", "responded", "responds", "retaliated",
    "agreed", "agrees", "signed", "signs", "refused", "refuses", "vowed", "vows", "pledged", "pledges", "called",
    "calls", "blamed", "blames", "wants", "hopes", "recalled", "summoned", "summons", "expelled", "expels",
    "imposed", "imposes", "sanctioned", "recognised", "recognized", "backs", "backed", "supports", "supported",
    "opposes", "opposed", "protested", "protests", "declared", "declares", "confirmed", "confirms", "sought",
    "seeks", "asked", "asks", "offered", "offers", "negotiated", "negotiates", "brokered", "mediated", "hosted",
    "hosts",
)
# Verbs after "would", "will", "cannot"...: "Ankara will not", "Moscow would respond".
GOVERNMENT_INTENTS = ("say", "keep", "continue", "back", "support", "respond", "retaliate", "oppose", "reject",
                      "accept", "send", "insist", "refuse", "not")
# Characters after which any word is capitalised, so a capital proves nothing.
SENTENCE_OPENERS = set(".!?:;\"“‘(—–-\n")
