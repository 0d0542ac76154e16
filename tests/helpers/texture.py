"""The letters and measures the texture tests set paragraphs with."""

from __future__ import annotations

from helpers import SOURCE_LETTERS
from letterpress.layout.geometry import frame_for

MEASURE = frame_for("a4").measure


SOURCES = SOURCE_LETTERS


WORDS = {
    "en": ("the", "platform", "organisations", "of", "civil", "society", "government,", "open",
           "participation", "and", "budget", "hearings.", "consultation", "a", "to", "members",
           "information", "access", "national", "“action", "plan”", "accountability", "in",
           "transparency", "public", "council", "coordination", "assembly", "annual", "report;"),
    "ru": ("неправительственных", "организаций,", "муниципалитетов", "представителей", "и",
           "в", "консультационных", "прозрачности", "подотчётности.", "гражданского",
           "участия", "технологических", "«инноваций»", "Платформы", "собрание", "по",
           "рекомендаций", "государственные", "органы", "на", "совершенствовании",
           "Азербайджана,", "общественного", "контроля"),
    "az": ("Azərbaycan", "Respublikasının", "vətəndaş", "cəmiyyəti", "institutlarının",
           "nümayəndələri,", "hökumət", "və", "açıq", "hökumətin", "təşviqi", "üzrə",
           "Milli", "Fəaliyyət", "Planının", "icrası.", "ilə", "bağlı", "“ictimai",
           "müzakirələr”", "keçiriləcək", "bələdiyyələrin", "şəffaflığı", "hesabatlılığı"),
}
