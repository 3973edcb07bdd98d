"""Answers that name items of a list (`set`) or pick one option (`choice`)."""

from __future__ import annotations

import re

from grader.checks.base import REVIEW_WORDS, PartContext, apply_mistakes
from grader.checks.phrases import Match, Word, compile_phrase, find, later_openings, quote, words
from grader.checks.text import validate_phrase_mistakes
from grader.models.checks import ChoiceCheck, Option, SetCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.models.rubric import Mistake

# How a class says yes or no: an option phrased "yes" or "no" is also named by these.
_SAYS = {  # and in the languages a class brings: German, French, Spanish, Hindi in Latin letters
    "yes": ["yep", "yeah", "yup", "ja", "oui", "sí", "haan", "han"],
    "no": ["nope", "nah", "no way", "not at all", "definitely not", "of course not", "nein", "non", "nahi", "nahin"],
}


def _phrasings(phrasings: list[str]) -> list[str]:
    return phrasings + [said for phrasing in phrasings for said in _SAYS.get(phrasing.strip().lower(), [])]


def _first_match(phrasings: list[str], text_words: list[Word], sentence: int | None = None) -> Match | None:
    matches = [
        m
        for p in phrasings
        for m in find(compile_phrase(p), text_words, sentence)
        if (not m.negated or _paired(m, text_words)) and not _compared(m, text_words)
    ]
    return min(matches, key=lambda m: m.start) if matches else None


_ANSWER_WORDS = frozenset({"yes", "no"})


def _paired(match: Match, text_words: list[Word]) -> bool:
    """Whether a `yes` or `no` is paired with the other (`no and yes`, `no or yes`): both answers given, the `no`
    before it one of them, not a negation of it."""
    at = match.words[0] if match.words else -1
    return (
        at >= 2
        and text_words[at].lower in _ANSWER_WORDS
        and text_words[at - 1].lower in ("and", "or")
        and text_words[at - 2].lower in _ANSWER_WORDS
    )


# `more than linearly`, `worse than linear`: an option named only to compare the answer with it
_COMPARING = frozenset({"more", "less", "faster", "slower", "worse", "better", "greater", "bigger", "smaller"})


def _compared(match: Match, text_words: list[Word]) -> bool:
    """Whether an option or item is named only to compare with it (`more than linearly`) or as what stays the
    same (`25% fewer for the same hidden size`: a condition, not a way)."""
    at = match.words[0] if match.words else -1
    held = at >= 1 and text_words[at - 1].lower == "same"
    return held or (at >= 2 and text_words[at - 1].lower == "than" and text_words[at - 2].lower in _COMPARING)


def _validate_phrasings(groups: list[tuple[str, list[str]]], part: PartContext) -> list[tuple[str, str]]:
    problems = []
    for path, phrasings in groups:
        for index, phrasing in enumerate(phrasings):
            try:
                compile_phrase(phrasing)
            except ValueError as error:
                problems.append((f"{path}[{index}]", str(error)))
    return problems + validate_phrase_mistakes(part)


def _names(mistake: Mistake, text_words: list[Word]) -> bool:
    return _first_match([str(mistake.answer)], text_words) is not None


# `but maybe …`, `or perhaps …`, a question then another (`n^2 i think?? or n*d`), an opening `It depends`
_DOUBT = re.compile(
    r"\b(?:but|or)[ \t]+(?:maybe|perhaps|possibly)\b|\?[ \t]*or\b|^[ \t]*it[ \t]+depends\b", re.IGNORECASE
)
_CORRECTING = frozenset({"actually", "wait", "correction", "sorry", "oops", "hmm"})


def _taken_back(check: ChoiceCheck, first: str, text_words: list[Word]) -> tuple[Option, Match] | None:
    """Another option that a later sentence opens with, after words of correcting ("No output gate?
    Actually yes, it has one."), when the answer is read from its first sentence."""
    for said, lead in later_openings(text_words, _CORRECTING):
        if lead == 0:
            continue  # only a sentence that corrects itself takes the first answer back
        for option in check.options:
            if option.id == first:
                continue
            match = _first_match(_phrasings(option.phrasings), text_words, said[lead].sentence)
            if match is not None and match.words and match.words[0] == text_words.index(said[lead]):
                return option, match
    return None


# `I'd answer: yes`, `My answer: yes`, `Final answer - yes`: the answer said in so many words after other words
_ANSWER_SAID = re.compile(
    r"\b(?:I[ \t]*(?:'d|would|'ll|will)[ \t]+(?:answer|say|go[ \t]+with)|(?:my|final|the)[ \t]+answer(?:[ \t]+is)?)"
    r"[ \t]*[:\-–—,]?[ \t]*",
    re.IGNORECASE,
)


def _answered_later(check: ChoiceCheck, first: str, text_words: list[Word], answer: str) -> tuple[Option, Match] | None:
    """Another option said as the answer in so many words after the first (`Strictly speaking the equations
    have no o_t. … I'd answer: yes (implicitly).`), when the answer is read from its first sentence."""
    for said in _ANSWER_SAID.finditer(answer):
        lead = next((index for index, word in enumerate(text_words) if word.start >= said.end()), None)
        if lead is None or text_words[lead].sentence == 0:
            continue
        for option in check.options:
            if option.id == first:
                continue
            match = _first_match(_phrasings(option.phrasings), text_words, text_words[lead].sentence)
            if match is not None and match.words and match.words[0] == lead:
                return option, match
    return None


def _leading(named: list[tuple[Option, Match]], answer: str) -> tuple[Option, Match] | None:
    """The option an answer opens with, set off as its answer (`Quadratically.`, `Quadratically in n:`,
    `Quadratic, because …`): the others it names later are its reasons and asides. None when the answer does not
    open so (`quadratic in memory, but linear in time`), or that corrects itself (`Linear. Actually, quadratic`)."""
    if _CORRECTION.search(answer):
        return None
    for option, match in named:
        if match.words and match.words[0] == 0 and _SET_OFF.match(answer, match.end):
            return option, match
    return None


# What a cost is measured in: an answer that gives one option for one and another for the other (`quadratic in
# time, but memory is linear`) answers half of the question each way.
_FACETS = frozenset({"memory", "time", "runtime", "compute", "computation", "storage"})
_GROWS = frozenset(
    {"is", "are", "grows", "grow", "scales", "scale", "stays", "remains", "becomes", "goes", "increases"}
)


def _facet_otherwise(
    check: ChoiceCheck, leading: tuple[Option, Match], text_words: list[Word], answer: str
) -> str | None:
    """The clause, when an answer that opens with one option later says another of a facet of what is asked
    (`The memory is still linear in n though`, `in practice the time grows linearly?`: the facet, then a verb
    of being or growing), not of something else (`the projections are only linear in n`, `FlashAttention (saves
    memory, still n^2 compute) or linear attention`); None otherwise."""
    chosen, _ = leading
    for option in check.options:
        if option.id == chosen.id:
            continue
        for phrasing in _phrasings(option.phrasings):
            for match in find(compile_phrase(phrasing), text_words):
                if match.negated or not match.words:
                    continue
                first = match.words[0]
                where = (text_words[first].sentence, text_words[first].clause)
                before = [w for w in text_words[:first] if (w.sentence, w.clause) == where]
                if any(w.lower == "it" for w in before):  # `The time is dominated by …, so it is linear in n`
                    before = [w for w in text_words[:first] if w.sentence == where[0]]
                facets = [k for k, w in enumerate(before) if w.lower in _FACETS]
                if facets and any(w.lower in _GROWS for w in before[facets[0] + 1 :]):
                    start = before[0].start if before else text_words[first].start
                    return " ".join(answer[start : match.end].split())
    return None


_CORRECTION = re.compile(r"\b(?:" + "|".join(sorted(_CORRECTING | {"i mean", "no"})) + r")\b", re.IGNORECASE)
_SET_OFF = re.compile(r"(?:[ \t]+[\w²^()]+){0,2}?[ \t]*(?:[.:;!—–]|\s-\s|,[ \t]*(?:because|since|as)\b)", re.IGNORECASE)


class SetChecker:
    """The `set` check."""

    def grade(self, check: SetCheck, answer: str, part: PartContext) -> Outcome:
        """Count the items named; `min_count` of them earn full marks."""
        text_words = words(answer)
        named = [(item, match) for item in check.items if (match := _first_match(item.phrasings, text_words))]
        needed = check.needed
        fraction = min(len(named), needed) / needed
        expected = self.expected(check)
        feedback = [f"Named: {item.name} — “{quote(answer, match)}”" for item, match in named]
        if len(named) < needed:
            feedback.append(f"Named {len(named)} of the {needed} needed.")
        interpreted = "named: " + (", ".join(item.name for item, _ in named) or "none")
        if not named and len(text_words) >= REVIEW_WORDS:
            feedback.append("None of the expected items was recognised; a grader will read the answer.")
            return Outcome(Status.NEEDS_REVIEW, 0.0, tuple(feedback), interpreted, expected, Note.NO_ITEMS_FOUND)
        note = Note.ENOUGH_ITEMS if fraction >= 1 else Note.TOO_FEW_ITEMS
        outcome = Outcome(Status.of(fraction), fraction, tuple(feedback), interpreted, expected, note)
        return apply_mistakes(outcome, part, lambda mistake: _names(mistake, text_words))

    def expected(self, check: SetCheck) -> str:
        """How many items, of which."""
        return f"at least {check.needed} of: " + ", ".join(item.name for item in check.items)

    def validate(self, check: SetCheck, part: PartContext) -> list[tuple[str, str]]:
        """Item names and synonyms must compile as phrasings."""
        groups = [(f"check.items[{i}].synonyms", item.synonyms) for i, item in enumerate(check.items)]
        names = [(f"check.items[{i}].name", [item.name]) for i, item in enumerate(check.items)]
        problems = _validate_phrasings(groups + names, part)
        return [
            (path.removesuffix("[0]") if path.endswith(".name[0]") else path, message) for path, message in problems
        ]


class ChoiceChecker:
    """The `choice` check."""

    def grade(self, check: ChoiceCheck, answer: str, part: PartContext) -> Outcome:
        """Find which options the answer names; exactly one must be named to decide."""
        text_words = words(answer)
        sentence = 0 if check.where == "first_sentence" else None
        named = [
            (option, match)
            for option in check.options
            if (match := _first_match(_phrasings(option.phrasings), text_words, sentence))
        ]
        expected = self.expected(check)
        if not named:
            where = "the first sentence of your answer" if sentence == 0 else "your answer"
            return Outcome(
                Status.NEEDS_REVIEW,
                0.0,
                (f"No option recognised in {where}; a grader will read it.",),
                None,
                expected,
                Note.NO_OPTION,
            )
        leading = _leading(named, answer) if len(named) > 1 else None
        facet = _facet_otherwise(check, leading, text_words, answer) if leading is not None else None
        if leading is not None and facet is not None:  # `Quadratic in time … The memory is still linear though`
            option, match = leading
            reason = (
                f"Your answer says “{option.id}” (“{answer[match.start : match.end]}”), and also "
                f"“{facet}”: part of the cost the other way; a grader will read it."
            )
            return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), option.id, expected, Note.SEVERAL_OPTIONS)
        if leading is not None:  # `Quadratically: … (the projections add Θ(n d²), linear in n)`
            named = [leading]
        if len(named) > 1:
            listed = "; ".join(f"{option.id} — “{quote(answer, match)}”" for option, match in named)
            return Outcome(
                Status.NEEDS_REVIEW,
                0.0,
                (f"Your answer names more than one option: {listed}.",),
                ", ".join(option.id for option, _ in named),
                expected,
                Note.SEVERAL_OPTIONS,
            )
        option, match = named[0]
        if sentence == 0 or leading is not None:
            later = _taken_back(check, option.id, text_words) or _answered_later(check, option.id, text_words, answer)
            if later is not None:
                other, other_match = later
                reason = (
                    f"Your answer first says “{option.id}” (“{quote(answer, match).rstrip('.')}”), then "
                    f"“{other.id}” (“{quote(answer, other_match).rstrip('.')}”); a grader will read it."
                )
                return Outcome(
                    Status.NEEDS_REVIEW, 0.0, (reason,), f"{option.id}, {other.id}", expected, Note.CHANGED_OPTION
                )
        doubt = _DOUBT.search(answer)
        if doubt is not None:  # `quadratically? … but maybe it's n*d`: another possibility, offered in doubt
            reason = (
                f"Your answer names “{option.id}” (“{quote(answer, match).rstrip('.')}”), then offers another "
                f"possibility (“{answer[doubt.start() :].strip()[:60]}”); a grader will read it."
            )
            return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), option.id, expected, Note.HEDGED)
        feedback = (f"Read your choice as “{option.id}” from “{quote(answer, match).rstrip('.')}”.",)
        if option.id == check.answer:
            return Outcome(Status.CORRECT, 1.0, feedback, option.id, expected, Note.RIGHT_OPTION)
        outcome = Outcome(
            Status.INCORRECT,
            0.0,
            (*feedback, f"Expected “{check.answer}”."),
            option.id,
            expected,
            Note.WRONG_OPTION,
        )
        return apply_mistakes(outcome, part, lambda mistake: _names(mistake, text_words))

    def expected(self, check: ChoiceCheck) -> str:
        """The right option."""
        return check.answer

    def validate(self, check: ChoiceCheck, part: PartContext) -> list[tuple[str, str]]:
        """Option phrasings must compile."""
        groups = [(f"check.options[{i}].phrasings", option.phrasings) for i, option in enumerate(check.options)]
        return _validate_phrasings(groups, part)
