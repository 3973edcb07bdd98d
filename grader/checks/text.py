"""Explanations graded by the concepts they state, each credited with a quote of its evidence.

A concept is found when one of its phrasings appears outside a negation, or when the answer contains math
equivalent to one of its `math` entries. Misconceptions (negative points or a cap) cost points when stated.
A required concept that is missing leaves the part without credit. A yes/no question's stance is read from
the first sentence. Every verdict has a confidence; below 0.5 the part goes to a human with the reasons:
negated or conflicting evidence, an unclear stance, a long answer that matches nothing, or a model answer
whose similarity strongly disagrees with the concepts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from grader.checks.base import PartContext, apply_mistakes
from grader.checks.mirrored import mirrored_match
from grader.checks.phrases import Match, Word, compile_phrase, find, later_openings, quote, vocabulary_of, words
from grader.checks.scoping import (
    crosses_subject,
    network_of,
    said_of_another_network,
    soup,
    subjects,
    supposed,
    tautological,
)
from grader.models.checks import Concept, TextCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.models.rubric import Mistake

REVIEW_BELOW = 0.5
DISAGREEMENT = 0.5  # concept score and similarity this far apart (as fractions of full marks): a second look
YES = frozenset({"yes", "yeah", "yep", "true", "correct", "right", "indeed"})
NO = frozenset({"no", "nope", "false", "incorrect", "wrong"})
NEGATING = frozenset({"not", "never", "doesn't", "don't", "didn't", "won't", "isn't", "aren't", "cannot", "can't"})


@dataclass(frozen=True)
class Evidence:
    """A concept found in the answer, with the text that shows it."""

    concept: Concept
    quote: str


class TextChecker:
    """The `text` check."""

    def grade(self, check: TextCheck, answer: str, part: PartContext) -> Outcome:
        """Credit each concept stated, take off misconceptions, and say how sure the verdict is."""
        text_words = words(answer)
        expected = self.expected(check)
        found, negated, missing, set_aside = _concepts(check, answer, text_words, part)
        feedback: list[str] = []
        doubts: list[str] = []
        confidence = 1.0
        score = 0.0
        for item in found:
            if item.concept.misconception:
                feedback.append(f"Misconception: {item.concept.description} — “{item.quote}”")
            else:
                feedback.append(f"Found: {item.concept.description} — “{item.quote}”")
                score += item.concept.points
        gaps = len(feedback)  # where the missing ideas go, once the score says whether any points were lost
        missing_lines = [
            f"Missing: {concept.description}.{f' Hint: {concept.hint}' if concept.hint else ''}"
            for concept in missing
            if not concept.misconception
        ]
        feedback += [f"Not counted: {reason}." for reason in set_aside]
        opening = None  # what the answer's yes or no earned, said first
        if check.stance is not None:
            stance = read_stance(text_words)
            changed = changed_stance(text_words, stance)
            if changed is not None:
                doubts.append(f"the answer says “{stance}” first and “{changed}” later")
                confidence -= 0.6
            elif stance is not None and _hedged(text_words):
                doubts.append(f"the answer's “{stance}” is hedged")
                confidence -= 0.6
            if stance is None:
                doubts.append("the answer does not say clearly whether it is yes or no")
                confidence -= 0.6
            elif stance == check.stance.expected:
                score += check.stance.points
                opening = f"Your answer is “{stance}”, as expected."
            else:
                opening = f"Your answer is “{stance}”; the answer is “{check.stance.expected}”."
        if score > 0 and _UNSURE_WHICH.search(answer):
            doubts.append("the answer says it is not sure which of its statements is right")
            confidence -= 0.6
        misconceptions = [item for item in found if item.concept.misconception]
        ceiling = check.ceiling if check.ceiling is not None else part.points
        for item in misconceptions:
            score += min(item.concept.points, 0.0)
            if item.concept.cap is not None:
                ceiling = min(ceiling, item.concept.cap)
        required = [concept for concept in missing if concept.required]
        if required:
            names = "; ".join(concept.description for concept in required)
            feedback.append(f"Required and missing: {names}. Without it the part earns no credit.")
            score = 0.0
        elif text_words:
            score = max(score, check.floor)
        score = max(0.0, min(score, ceiling, part.points))
        if score < part.points:  # at full marks the ideas not stated are alternatives the answer did not need
            feedback[gaps:gaps] = missing_lines
        if opening is not None:
            feedback.insert(0, opening)
        concept_fraction = score / part.points
        fraction = concept_fraction
        positive = [concept for concept in check.concepts if not concept.misconception]
        if check.reference is not None:
            from grader.checks.similarity import similarity

            similar = similarity(part.prompt, check.reference, answer)
            if not positive:
                fraction = round(similar * part.points * 4) / 4 / part.points  # quarter points
                feedback.append(f"Similarity to the model answer: {similar:.0%}.")
                if 0.3 < similar < 0.7:
                    doubts.append(f"its similarity to the model answer ({similar:.0%}) is neither high nor low")
                    confidence -= 0.6
            elif abs(similar - concept_fraction) > DISAGREEMENT:
                doubts.append(
                    f"the ideas found give {concept_fraction:.0%} but the similarity to the model answer is "
                    f"{similar:.0%}"
                )
                confidence -= 0.6
        unstated = [(c, m) for c, m in negated if not c.misconception]
        if unstated and fraction < 1:
            reasons = "; ".join(f"{concept.description} — “{quote(answer, match)}”" for concept, match in unstated)
            doubts.append(f"some ideas appear only in a negated sentence ({reasons})")
            confidence -= 0.6
        good = [item for item in found if not item.concept.misconception]
        if good and misconceptions:
            doubts.append("it states ideas that contradict each other")
            confidence -= 0.3
        if positive and not good and not misconceptions and len(text_words) >= check.review_if_longer_than:
            if check.reference is None and _far_from_every_idea(part.prompt, positive, answer):
                feedback.append(
                    "None of the expected ideas was found, and your answer shares almost nothing with them."
                )
            else:
                doubts.append(f"none of the expected ideas was recognised in this {len(text_words)}-word answer")
                confidence -= 0.8
        if good and fraction < 1 and len(text_words) >= check.review_if_longer_than and _in_another_language(answer):
            doubts.append("it is not in English, so ideas said in its own words may have been missed")
            confidence -= 0.8
        confidence = round(max(0.0, min(1.0, confidence)), 2)
        interpreted = "ideas found: " + (", ".join(item.concept.id for item in found) or "none")
        if confidence < REVIEW_BELOW:
            feedback.append(f"A grader will read this answer: {'; '.join(doubts)}.")
            note = (
                Note.NEGATED_EVIDENCE
                if unstated
                else Note.NO_CONCEPTS_FOUND
                if not found and positive
                else Note.UNCERTAIN
            )
            return Outcome(Status.NEEDS_REVIEW, fraction, tuple(feedback), interpreted, expected, note,
                           confidence=confidence)  # fmt: skip
        if doubts:
            feedback.append(f"Less certain because {'; '.join(doubts)}.")
        note = _note(fraction, found, misconceptions, required, bool(positive))
        outcome = Outcome(Status.of(fraction), fraction, tuple(feedback), interpreted, expected, note,
                          confidence=confidence)  # fmt: skip
        return apply_mistakes(outcome, part, lambda mistake: _says(mistake, text_words))

    def expected(self, check: TextCheck) -> str:
        """The concepts with their points, or the model answer."""
        ideas = [f"{c.description} ({c.points:g})" for c in check.concepts if not c.misconception and not c.weaker_of]
        if check.stance is not None:
            ideas.insert(0, f"{check.stance.expected} ({check.stance.points:g})")
        return "; ".join(ideas) if ideas else str(check.reference)

    def validate(self, check: TextCheck, part: PartContext) -> list[tuple[str, str]]:
        """Phrasings and math must read; the concepts must be able to reach full marks."""
        problems = []
        for c, concept in enumerate(check.concepts):
            for p, phrasing in enumerate(concept.phrasings):
                try:
                    compile_phrase(phrasing)
                except ValueError as error:
                    problems.append((f"check.concepts[{c}].phrasings[{p}]", str(error)))
            problems += _math_problems(check, concept, c, part)
        positive = [concept for concept in check.concepts if not concept.misconception]
        total = sum(c.points for c in positive if not c.weaker_of) + (check.stance.points if check.stance else 0)
        if positive and total < part.points:
            problems.append(
                (
                    "check.concepts",
                    f"the concepts give {total:g} points in all, less than the part's "
                    f"{part.points:g}: full marks would be impossible",
                )
            )
        return problems + validate_phrase_mistakes(part)


def read_stance(text_words: list[Word]) -> str | None:
    """`yes` or `no` from the first sentence: an explicit yes/no, or a negated verb ("it does not increase")."""
    first = [word.lower for word in text_words if word.sentence == (text_words[0].sentence if text_words else 0)]
    while len(first) > 1 and first[0] in _LEADING:  # `Maybe no`, `I think yes`, `Well, no`
        first = first[1:]
    if not first:
        return None
    if first[0] in YES:
        return "yes"
    if first[0] in NO:
        return "no"
    if any(word in NEGATING for word in first[:12]):
        return "no"
    return None


_LEADING = frozenset({"maybe", "perhaps", "probably", "possibly", "i", "think", "guess", "well", "so", "hmm", "um"})
_CORRECTING = frozenset({"actually", "wait", "correction", "sorry", "rather", "instead", "oops"})
_HEDGES = frozenset({"maybe", "perhaps", "probably", "possibly", "guess", "unsure"})
# `(contradicts my eq. above, not sure which one is right)`: the student cannot choose between two statements
_UNSURE_WHICH = re.compile(
    r"\b(?:not[ \t]+(?:[\w%]+[ \t]+)?sure|unsure|don['’]?t[ \t]+know)\b[^.;\n]{0,30}?\bwhich[ \t]+(?:one|is|of)\b",
    re.IGNORECASE,
)


def changed_stance(text_words: list[Word], first: str | None) -> str | None:
    """The other answer a later sentence gives, if the answer takes its first one back ("No output gate?
    Actually yes, it has one."): a sentence that opens with yes or no, or with a word of correcting
    (`actually`, `wait`) before it."""
    if first is None:
        return None
    for said, lead in later_openings(text_words, _CORRECTING):
        word = said[lead].lower if lead < 3 else ""  # the stance opens the sentence, within three words
        stance = "yes" if word in YES else "no" if word in NO else None
        if stance is not None and stance != first:
            return stance
    return None


def _hedged(text_words: list[Word]) -> bool:
    """Whether the first sentence hedges (`maybe`, `probably`, `I guess`, `not sure`)."""
    first = [w.lower for w in text_words if w.sentence == text_words[0].sentence]
    return any(word in _HEDGES for word in first) or any(
        a == "not" and b == "sure" for a, b in itertools.pairwise(first)
    )


def _concepts(
    check: TextCheck, answer: str, text_words: list[Word], part: PartContext
) -> tuple[list[Evidence], list[tuple[Concept, Match]], list[Concept], list[str]]:
    """The concepts found (with evidence), those found only negated, those missing, and why matches that
    looked like evidence were not counted."""
    found: list[Evidence] = []
    negated: list[tuple[Concept, Match]] = []
    missing: list[Concept] = []
    set_aside: list[str] = []
    heads = {concept.id: subjects(tuple(concept.phrasings)) for concept in check.concepts}
    vocabulary = _vocabulary(tuple(text for c in check.concepts for text in (*c.phrasings, c.description)))
    candidates: dict[str, list[Match]] = {}
    vocab = vocabulary_of(text_words)
    for concept in check.concepts:
        patterns = [compile_phrase(phrasing) for phrasing in concept.phrasings]
        matches = [(pattern, m) for pattern in patterns for m in find(pattern, text_words, vocab=vocab)]
        kept: list[Match] = []
        network = network_of(concept.description)
        for pattern, m in matches:
            other = None if m.negated else said_of_another_network(network, m, text_words)
            if other is not None:
                set_aside.append(
                    f"“{quote(answer, m)}” is said of the {other.upper()}, not of the {str(network).upper()}"
                )
            elif concept.misconception and not m.negated and supposed(m, text_words):
                set_aside.append(f"“{quote(answer, m)}” supposes {concept.description}; it does not claim it")
            elif m.negated or m.passive:  # the passive names its noun first: no subject to cross or repeat
                kept.append(m)
            elif crosses_subject(pattern, m, text_words, _others(heads, concept.id)):
                set_aside.append(f"“{quote(answer, m)}” speaks of another part than {concept.description}")
            elif not concept.misconception and tautological(pattern, m, text_words):
                set_aside.append(f"“{quote(answer, m)}” repeats its subject's name without saying what it does")
            else:  # a misconception said briefly is still said (`so more steps = more weights`)
                kept.append(m)
        candidates[concept.id] = kept
    wrong = [m for c in check.concepts if c.misconception for m in candidates[c.id] if not m.negated]
    for concept in check.concepts:
        if concept.misconception:
            continue
        # a misconception's words are neither evidence nor a denial (`the sigmoid does not have the vanishing
        # gradient problem` states the misconception, it does not deny the gradient idea)
        inside = [  # and a denial in a misconception's sentence is that misconception said (`f = 0 means nothing
            # is forgotten, the old cell state is kept completely`), not a doubt of its own
            m
            for m in candidates[concept.id]
            if _within(m, wrong, text_words) or (m.negated and _overlapping(m, wrong, text_words))
        ]
        for m in inside:
            if not m.negated:
                set_aside.append(
                    f"“{quote(answer, m)}” is part of a misconception, not evidence for {concept.description}"
                )
        candidates[concept.id] = [m for m in candidates[concept.id] if m not in inside]
    misconceptions = {c.id for c in check.concepts if c.misconception}
    idea = {c.id: c.weaker_of or c.id for c in check.concepts}  # a weaker wording is its fuller idea's
    soup_concepts: dict[tuple[int, int], set[str]] = {}
    for concept_id, kept in candidates.items():
        if concept_id in misconceptions:  # a misconception said in keywords is still said: it counts
            continue
        for m in kept:
            if not m.negated and soup(m, text_words, vocabulary, answer):
                where = (text_words[m.words[0]].sentence, text_words[m.words[0]].clause)
                soup_concepts.setdefault(where, set()).add(idea[concept_id])
    souped = {
        where
        for where, ids in soup_concepts.items()
        if len(ids) > 2 or (len(ids) == 2 and _words_in(where, text_words) > 3)
    }
    for concept in check.concepts:
        usable = [
            m
            for m in candidates[concept.id]
            if concept.misconception
            or m.negated
            or (text_words[m.words[0]].sentence, text_words[m.words[0]].clause) not in souped
        ]
        if len(usable) < len(candidates[concept.id]):
            clause = _clause_of(answer, candidates[concept.id], text_words)
            set_aside.append(f"“{clause}” lists keywords of several ideas without a sentence that states them")
        positive = [m for m in usable if not m.negated]
        if positive:
            best = min(positive, key=lambda m: (m.loose, m.start))  # the rubric's own words first, then the first
            found.append(Evidence(concept, quote(answer, best)))
            continue
        source = _math_evidence(check, concept, answer, part)
        if source is not None:
            found.append(Evidence(concept, " ".join(source.split())))
            continue
        mirror = None if usable or concept.misconception else mirrored_match(concept, part.prompt, text_words, vocab)
        if mirror is not None:  # `the LSTM has an extra cell state` for "a GRU has no separate cell state"
            found.append(Evidence(concept, quote(answer, mirror)))
            continue
        missing.append(concept)
        if usable:
            negated.append((concept, usable[0]))
    # A weaker wording counts only without its fuller idea, and is never missing on its own: the fuller idea's
    # line (with its hint) says what to add.
    stated = {item.concept.id for item in found}
    found = [item for item in found if item.concept.weaker_of not in stated]
    negated = [(concept, m) for concept, m in negated if concept.weaker_of not in stated]
    missing = [concept for concept in missing if concept.weaker_of is None]
    return found, negated, missing, list(dict.fromkeys(set_aside))


def _words_in(where: tuple[int, int], text_words: list[Word]) -> int:
    """How many words the clause `where` (sentence, clause) has: `learned lookup table`, a participle before its
    noun, names two ideas in three words, as a phrase does; a list of keywords runs longer."""
    return sum(1 for w in text_words if (w.sentence, w.clause) == where)


@lru_cache(maxsize=1024)
def _vocabulary(texts: tuple[str, ...]) -> frozenset[str]:
    """The stems of a question's phrasings and descriptions (once per question, not per answer)."""
    return frozenset(word.stem for text in texts for word in words(text.replace("...", " ").replace("/", " ")))


def _within(match: Match, wrong: list[Match], text_words: list[Word]) -> bool:
    """Whether a match lies inside the stretch of a misconception's match in the same sentence ("LSTMs completely
    eliminate vanishing gradients" is no evidence that they alleviate them), or takes words of that match ("16
    means each sentence is turned into a vector of 16": its `vector of 16` is the misconception's)."""
    sentence = text_words[match.words[0]].sentence
    return any(
        text_words[m.words[0]].sentence == sentence
        and ((m.words[0] <= match.words[0] and match.words[-1] <= m.words[-1]) or set(match.words) & set(m.words))
        for m in wrong
    )


def _overlapping(match: Match, wrong: list[Match], text_words: list[Word]) -> bool:
    """Whether a match's stretch of words overlaps one of a misconception's matches in the same sentence."""
    sentence = text_words[match.words[0]].sentence
    return any(
        text_words[m.words[0]].sentence == sentence and m.words[0] <= match.words[-1] and match.words[0] <= m.words[-1]
        for m in wrong
    )


FAR = 0.05  # similarity to the ideas' descriptions below which an answer says none of them in other words
_ENGLISH = 0.12  # share of English function words below which an answer is in another language


def _far_from_every_idea(prompt: str, ideas: list[Concept], answer: str) -> bool:
    """Whether an English answer in which no idea was found is also far from all of them in its words
    (similarity to their descriptions below `FAR`): off the point, not a paraphrase; an answer in another
    language is never far, it is unread."""
    from grader.checks.similarity import similarity

    if _foreign(answer):
        return False
    return similarity(prompt, " ".join(concept.description for concept in ideas), answer) < FAR


def _in_another_language(answer: str) -> bool:
    """Whether an answer is written in another language: few English function words and at least three of
    another language's (German, French, Spanish, Italian, Hindi and Urdu in Latin letters), not
    terse English notes or formulas, which have few function words of any language."""
    tokens = _tokens(answer)
    return _few_english(tokens) and sum(token in _OTHER_LANGUAGES for token in tokens) >= 3


_FUNCTION_WORDS = {  # common words of the other languages a class writes in, seldom English (`et` of `et al.`)
    "German": "der das und ist nicht mit von zu den dem ein eine wird auch sich",
    "French": "le les et est une des du pas pour avec dans qui que sont",
    "Spanish": "el los las del es una por para con como pero muy",
    "Italian": "il della delle sono non gli",
    "Hindi and Urdu in Latin letters": "hai ka ki ke se mein aur nahi hota hoti hain karta",
}
_OTHER_LANGUAGES = frozenset(word for words in _FUNCTION_WORDS.values() for word in words.split())


def _foreign(answer: str) -> bool:
    """Whether an answer is in another language than English (or has no words): few English function words."""
    return _few_english(_tokens(answer))


def _few_english(tokens: list[str]) -> bool:
    from grader.checks.similarity import STOPWORDS

    return not tokens or sum(token in STOPWORDS for token in tokens) < _ENGLISH * len(tokens)


def _tokens(answer: str) -> list[str]:
    return [token.lower() for token in _LETTERS.findall(answer)]


_LETTERS = re.compile(r"[^\W\d_]+")


def _others(heads: dict[str, frozenset[str]], concept: str) -> frozenset[str]:
    """The subjects of the other concepts of a question, less the concept's own."""
    others = frozenset(head for other, names in heads.items() if other != concept for head in names)
    return others - heads[concept]


def _clause_of(answer: str, matches: list[Match], text_words: list[Word]) -> str:
    """The text of the clause of the first match."""
    first = text_words[matches[0].words[0]]
    same = [w for w in text_words if w.sentence == first.sentence and w.clause == first.clause]
    return answer[same[0].start : same[-1].end]


def _math_evidence(check: TextCheck, concept: Concept, answer: str, part: PartContext) -> str | None:
    if not concept.math:
        return None
    from grader.checks.mathsetup import find_math

    return find_math(answer, tuple(concept.math), part.notation.merged(check.notation), part.budget)


def _math_problems(check: TextCheck, concept: Concept, index: int, part: PartContext) -> list[tuple[str, str]]:
    if not concept.math:
        return []
    from grader.errors import NotationError
    from grader.math.context import Context
    from grader.math.parser import parse_one

    notation = part.notation.merged(check.notation)
    problems = []
    for m, text in enumerate(concept.math):
        try:
            context = Context.declare(
                matrices=notation.matrices, scalars=notation.scalars, functions=notation.functions,
                aliases=notation.aliases, indices=notation.indices,
            )  # fmt: skip
            from grader.math.resolve import resolve

            resolve(parse_one(text), context)
        except NotationError as error:
            problems.append((f"check.concepts[{index}].math[{m}]", f"cannot read {text!r}: {error}"))
    return problems


def _note(
    fraction: float, found: list[Evidence], misconceptions: list[Evidence], required: list[Concept], concepts: bool
) -> Note:
    if required:
        return Note.REQUIRED_MISSING
    if misconceptions:
        return Note.MISCONCEPTION
    if not concepts:
        return Note.SIMILAR if fraction >= 0.5 else Note.DISSIMILAR
    return Note.ALL_CONCEPTS if fraction >= 1 else Note.SOME_CONCEPTS if found else Note.NO_CONCEPTS


def _says(mistake: Mistake, text_words: list[Word]) -> bool:
    return any(not m.negated for m in find(compile_phrase(str(mistake.answer)), text_words))


def validate_phrase_mistakes(part: PartContext) -> list[tuple[str, str]]:
    """Mistake answers of phrase-based checks must compile as phrasings."""
    problems = []
    for index, mistake in enumerate(part.mistakes):
        try:
            compile_phrase(str(mistake.answer))
        except ValueError as error:
            problems.append((f"mistakes[{index}].answer", str(error)))
    return problems
