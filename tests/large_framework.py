"""A realistic large framework, generated: 3 focuses, 12 clusters of 4 components, 283 competences,
10 programmes with long names, 4 positions, every text in Dutch, English and French.

Tests and `benchmarks/` use it to see how the outputs read at that size (pictures split into pages,
labels shortened, report.html small). The texts are built from parallel phrases so that each language
reads as a plausible sentence; the numbers of competences per component are uneven, with one cluster
too large for one picture on its own (48 rows).

Run `python tests/large_framework.py OUT.yaml` to write it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("nl", "en", "fr")

FOCUSES = (
    ("Digitale geletterdheid en kritisch mediagebruik", "Digital literacy and critical media use",
     "Littératie numérique et usage critique des médias"),
    ("Digitale hulpverlening met cliënten en hun netwerk", "Digital support for clients and their network",
     "Accompagnement numérique des usagers et de leur réseau"),
    ("Het digitale aanbod van de organisatie vormgeven", "Shaping the organisation's digital offer",
     "Concevoir l'offre numérique de l'organisation"),
)  # fmt: skip
CLUSTERS = (
    ("Informatie online zoeken, beoordelen en bewaren", "Finding, judging and keeping information online",
     "Rechercher, évaluer et conserver l'information en ligne"),
    ("Omgaan met de digitale kloof en digitale uitsluiting bij kwetsbare groepen",
     "Dealing with the digital divide and digital exclusion among vulnerable groups",
     "Faire face à la fracture numérique et à l'exclusion numérique des publics vulnérables"),
    ("Mediawijsheid, desinformatie en de invloed van algoritmes op het dagelijks leven",
     "Media literacy, disinformation and the influence of algorithms on daily life",
     "Éducation aux médias, désinformation et influence des algorithmes sur la vie quotidienne"),
    ("Privacy, gegevensbescherming en beroepsgeheim in een digitale context",
     "Privacy, data protection and professional secrecy in a digital context",
     "Vie privée, protection des données et secret professionnel dans un contexte numérique"),
    ("Online communiceren met cliënten via chat, videobellen en e-mail",
     "Communicating online with clients through chat, video calls and e-mail",
     "Communiquer en ligne avec les usagers par chat, visioconférence et courriel"),
    ("Blended hulpverlening: online en offline contact doordacht combineren",
     "Blended support: combining online and offline contact thoughtfully",
     "Accompagnement hybride : combiner de façon réfléchie le contact en ligne et en présentiel"),
    ("Digitale veiligheid van cliënten: grensoverschrijdend gedrag, cyberpesten en sextortion",
     "Digital safety of clients: abusive behaviour, cyberbullying and sextortion",
     "Sécurité numérique des usagers : comportements abusifs, cyberharcèlement et sextorsion"),
    ("Netwerken en samenwerken met collega's en partners via digitale platformen",
     "Networking and working with colleagues and partners on digital platforms",
     "Travailler en réseau avec collègues et partenaires sur des plateformes numériques"),
    ("Digitale tools kiezen, inzetten en evalueren in de eigen praktijk",
     "Choosing, using and evaluating digital tools in one's own practice",
     "Choisir, utiliser et évaluer des outils numériques dans sa propre pratique"),
    ("Beleid en visie op digitalisering in de organisatie mee vormgeven",
     "Helping to shape the organisation's policy and vision on digitalisation",
     "Contribuer à la politique et à la vision de l'organisation en matière de numérisation"),
    ("Innovatie, artificiële intelligentie en ethische vragen bij nieuwe technologie",
     "Innovation, artificial intelligence and ethical questions about new technology",
     "Innovation, intelligence artificielle et questions éthiques liées aux nouvelles technologies"),
    ("Eigen professionele ontwikkeling en digitaal welzijn", "Own professional development and digital well-being",
     "Développement professionnel et bien-être numérique"),
)  # fmt: skip
KINDS = (
    ("kennis", ("kennis", "knowledge", "connaissances")),
    ("vaardigheden", ("vaardigheden", "skills", "aptitudes")),
    ("attitudes", ("attitudes", "attitudes", "attitudes")),
    ("reflectie", ("reflectie", "reflection", "réflexion")),
)
LEVELS = (
    (("komt niet aan bod", "not addressed", "non abordé"),
     ("De opleiding besteedt hier geen aandacht aan.", "The programme pays no attention to this.",
      "La formation n'y accorde pas d'attention.")),
    (("exemplarisch", "exemplary", "à titre d'exemple"),
     ("Komt af en toe aan bod, als voorbeeld.", "Comes up now and then, as an example.",
      "Abordé de temps en temps, à titre d'exemple.")),
    (("goed gekaderd", "well framed", "bien encadré"),
     ("Wordt degelijk uitgelegd, maar nauwelijks geoefend.", "Is explained thoroughly, but hardly practised.",
      "Est expliqué en profondeur, mais peu pratiqué.")),
    (("geoefend", "practised", "pratiqué"),
     ("Studenten passen het zelf toe en krijgen feedback.", "Students apply it themselves and get feedback.",
      "Les étudiants l'appliquent eux-mêmes et reçoivent un retour.")),
)  # fmt: skip
PROGRAMMES = (
    ("Bachelor in de Toegepaste Psychologie – afstudeerrichting Arbeids- en Organisatiepsychologie",
     "Bachelor of Applied Psychology – Work and Organisational Psychology",
     "Bachelier en psychologie appliquée – psychologie du travail et des organisations",
     ("Toeg. psych. A&O", "Appl. psych. W&O", "Psych. appl. T&O")),
    ("Bachelor in de Toegepaste Psychologie – afstudeerrichting Klinische Psychologie",
     "Bachelor of Applied Psychology – Clinical Psychology",
     "Bachelier en psychologie appliquée – psychologie clinique",
     ("Toeg. psych. klin.", "Appl. psych. clin.", "Psych. appl. clin.")),
    ("Bachelor in het Sociaal Werk – afstudeerrichting Maatschappelijk Werk",
     "Bachelor of Social Work – Social Work in Practice", "Bachelier en travail social – assistant social",
     ("SW maatsch. werk", "SW practice", "TS assistant")),
    ("Bachelor in het Sociaal Werk – afstudeerrichting Sociaal-Cultureel Werk",
     "Bachelor of Social Work – Socio-Cultural Work", "Bachelier en travail social – animation socioculturelle",
     ("SW soc.-cult.", "SW socio-cult.", "TS animation")),
    ("Bachelor in de Orthopedagogie", "Bachelor of Orthopedagogy", "Bachelier en orthopédagogie",
     ("Orthopedagogie", "Orthopedagogy", "Orthopédagogie")),
    ("Bachelor in de Pedagogie van het Jonge Kind", "Bachelor of Early Childhood Education",
     "Bachelier en pédagogie de la petite enfance", ("Ped. jonge kind", "Early childh.", "Petite enfance")),
    ("Bachelor in de Gezinswetenschappen", "Bachelor of Family Studies", "Bachelier en sciences de la famille",
     ("Gezinswet.", "Family st.", "Sc. famille")),
    ("Bachelor in de Sociale Readaptatiewetenschappen", "Bachelor of Social Readaptation Sciences",
     "Bachelier en sciences de la réadaptation sociale", ("Readapt. wet.", "Readapt.", "Réadapt.")),
    ("Graduaat Maatschappelijk Werk – traject werkplekleren voor werkstudenten",
     "Associate Degree in Social Work – work-based learning track for working students",
     "Graduat en travail social – parcours d'apprentissage en milieu de travail",
     ("Grad. MW werkpl.", "AD SW work-based", "Grad. TS alternance")),
    ("Master in de Sociale Agogiek (postinitiële opleiding, deeltijds traject)",
     "Master of Social Agogics (post-initial programme, part-time track)",
     "Master en agogique sociale (formation continue, parcours à temps partiel)",
     ("Ma soc. agogiek", "MA soc. agogics", "Ma agogique")),
)  # fmt: skip

POSITIONS = (
    ("beginner", ("Beginnende medewerker", "Starting staff member", "Collaborateur débutant"), True),
    ("ervaren", ("Ervaren hulpverlener", "Experienced practitioner", "Intervenant expérimenté"), False),
    ("coach", ("Coach of teamverantwoordelijke", "Coach or team leader", "Coach ou responsable d'équipe"), False),
    ("beleid", ("Stafmedewerker beleid en innovatie", "Policy and innovation officer",
                "Chargé de politique et d'innovation"), False),
)  # fmt: skip

# Parallel phrases: a competence reads "subject + verb + object + context" in each language.
VERBS = (
    ("kan uitleggen hoe", "can explain how", "sait expliquer comment"),
    ("weet wanneer", "knows when", "sait quand"),
    ("herkent signalen dat", "recognises signs that", "reconnaît les signes que"),
    ("bespreekt met collega's hoe", "discusses with colleagues how", "discute avec ses collègues de la façon dont"),
    ("schat correct in of", "judges correctly whether", "évalue correctement si"),
    ("ondersteunt cliënten zodat", "supports clients so that", "accompagne les usagers pour que"),
    ("reflecteert kritisch over hoe", "reflects critically on how", "réfléchit de manière critique à la façon dont"),
)
OBJECTS = (
    ("gegevens van cliënten", "client data", "les données des usagers"),
    ("digitale hulpmiddelen", "digital tools", "les outils numériques"),
    ("een onlinegesprek", "an online conversation", "un entretien en ligne"),
    ("berichten op sociale media", "messages on social media", "les messages sur les réseaux sociaux"),
    ("de instellingen van een app", "an app's settings", "les paramètres d'une application"),
    ("afspraken over bereikbaarheid", "agreements about availability", "les accords sur la disponibilité"),
    ("informatie van een website", "information from a website", "les informations d'un site web"),
    ("een videogesprek met het netwerk", "a video call with the network", "un appel vidéo avec le réseau"),
)
CONTEXTS = (
    ("veilig en volgens het beroepsgeheim verwerkt worden",
     "are handled safely and within professional secrecy", "sont traitées en sécurité et dans le secret professionnel"),
    ("aansluiten bij de vraag en de mogelijkheden van de cliënt",
     "fit the client's question and abilities", "répondent à la demande et aux capacités de l'usager"),
    ("bijdragen aan een duurzame hulpverleningsrelatie, ook wanneer het contact grotendeels online verloopt",
     "contribute to a lasting helping relationship, also when contact is mostly online",
     "contribuent à une relation d'aide durable, même lorsque le contact se fait surtout en ligne"),
    ("toegankelijk blijven voor mensen met weinig digitale vaardigheden",
     "remain accessible to people with few digital skills",
     "restent accessibles aux personnes ayant peu de compétences numériques"),
    ("passen binnen het beleid van de organisatie", "fit the organisation's policy",
     "s'inscrivent dans la politique de l'organisation"),
    ("risico's op misbruik, manipulatie of uitsluiting zo klein mogelijk houden",
     "keep risks of abuse, manipulation or exclusion as small as possible",
     "limitent autant que possible les risques d'abus, de manipulation ou d'exclusion"),
)  # fmt: skip

# competences per component, cluster by cluster (sums to 283); cluster 6 is 48 rows on its own
COUNTS = (
    (5, 7, 4, 3), (6, 8, 4, 4), (5, 7, 4, 3), (7, 8, 5, 4),
    (6, 7, 5, 4), (12, 16, 12, 8), (6, 8, 5, 4), (4, 6, 4, 3),
    (7, 9, 6, 4), (5, 6, 4, 3), (6, 8, 5, 4), (6, 7, 5, 4),
)  # fmt: skip
FOCUS_OF_CLUSTER = (0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2)


def _text(parts: tuple[str, ...], languages: tuple[str, ...]) -> dict[str, str]:
    return {lang: parts[LANGUAGES.index(lang)] for lang in languages}


def _competence(rng: random.Random, languages: tuple[str, ...]) -> dict[str, str]:
    verb, obj, context = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(CONTEXTS)
    subject = ("De professional", "The professional", "Le professionnel")
    return {
        lang: f"{subject[i]} {verb[i]} {obj[i]} {context[i]}." for i, lang in enumerate(LANGUAGES) if lang in languages
    }


def large_framework(languages: tuple[str, ...] = LANGUAGES, programmes: int = 10, clusters: int = 12) -> dict[str, Any]:
    """The framework as a document (what `load_framework` reads), with texts in `languages`.

    `clusters` keeps the first few clusters only: a small framework of the same kind, for quick tests.
    """
    rng = random.Random("large-framework")
    focuses: list[dict[str, Any]] = [
        {"id": str(i + 1), "name": _text(names, languages), "description": _text(names, languages), "clusters": []}
        for i, names in enumerate(FOCUSES)
    ]
    for c, (names, counts) in enumerate(zip(CLUSTERS[:clusters], COUNTS, strict=False), start=1):
        components = []
        for k, ((kind, _), count) in enumerate(zip(KINDS, counts, strict=True), start=1):
            competences = [{"id": f"{c}.{k}.{n}", "text": _competence(rng, languages)} for n in range(1, count + 1)]
            components.append({"id": f"{c}.{k}", "kind": kind, "competences": competences})
        cluster = {"id": str(c), "name": _text(names, languages), "description": _text(names, languages)}
        focuses[FOCUS_OF_CLUSTER[c - 1]]["clusters"].append({**cluster, "components": components})
    return {
        "id": "example.large-framework",
        "version": "1.0",
        "title": _text(("Een groot kader", "A large framework", "Un grand référentiel"), languages),
        "default_language": languages[0],
        "languages": list(languages),
        "component_kinds": [{"id": kind, "label": _text(labels, languages)} for kind, labels in KINDS],
        "levels": [
            {"score": score, "label": _text(label, languages), "description": _text(description, languages)}
            for score, (label, description) in enumerate(LEVELS)
        ],
        "programmes": [
            {"id": f"programme-{i + 1}", "name": _text(p[:3], languages), "short": _text(p[3], languages)}
            for i, p in enumerate(PROGRAMMES[:programmes])
        ],
        "positions": [
            {"id": key, "name": _text(names, languages), "description": _text(names, languages), "entry": entry}
            for key, names, entry in POSITIONS
        ],
        "focuses": [focus for focus in focuses if focus["clusters"]],
    }


def write_large_framework(
    path: Path, languages: tuple[str, ...] = LANGUAGES, programmes: int = 10, clusters: int = 12
) -> Path:
    """Write the large framework (or its first `clusters` clusters) as YAML to `path`."""
    document = large_framework(languages, programmes, clusters)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path


def random_answers(framework: Any, seed: str, answered: float = 0.9) -> dict[tuple[str, str, str], object]:
    """Plausible answers for one respondent: a level (and an ambition) for most components and competences."""
    rng = random.Random(seed)
    labels = [level.label.get() for level in framework.levels]
    answers: dict[tuple[str, str, str], object] = {}
    for component in framework.components:
        if rng.random() < answered:
            level = rng.randrange(len(labels))
            answers[("matrix", component.id, "level")] = labels[level]
            answers[("matrix", component.id, "ambition")] = labels[min(len(labels) - 1, level + rng.randrange(2))]
    for competence in framework.competences:
        if rng.random() < answered:
            answers[("competences", competence.id, "level")] = labels[rng.randrange(len(labels))]
    return answers


def random_choices(framework: Any, seed: str, answered: float = 0.9) -> dict[tuple[str, str], object]:
    """Plausible answers for one staff member in a positions workbook: a position for most competences."""
    rng = random.Random(seed)
    names = [position.name.get() for position in framework.positions]
    return {(c.id, "choice"): rng.choice(names) for c in framework.competences if rng.random() < answered}


if __name__ == "__main__":
    print(write_large_framework(Path(sys.argv[1])))
