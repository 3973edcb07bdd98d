"""Explanations graded by the concepts they state, each credited with a quote of its evidence."""

from __future__ import annotations

from grader.checks.base import Outcome, PartContext, apply_mistakes, outcome_for
from grader.checks.phrases import Match, Word, compile_phrase, find, quote, words
from grader.report import Status
from grader.rubric import Concept, Mistake, TextCheck


class TextChecker:
    """The `text` check."""

    def grade(self, check: TextCheck, answer: str, part: PartContext) -> Outcome:
        """Credit each concept whose phrasing appears (not negated); review what cannot be decided."""
        text_words = words(answer)
        expected = self.expected(check)
        found: list[tuple[Concept, Match]] = []
        negated: list[tuple[Concept, Match]] = []
        missing: list[Concept] = []
        for concept in check.concepts:
            matches = [m for phrasing in concept.phrasings for m in find(compile_phrase(phrasing), text_words)]
            positive = [m for m in matches if not m.negated]
            if positive:
                found.append((concept, min(positive, key=lambda m: m.start)))
            else:
                missing.append(concept)
                if matches:
                    negated.append((concept, matches[0]))
        score = min(part.points, sum(concept.points for concept, _ in found))
        fraction = score / part.points
        feedback = [f"Found: {concept.description} — “{quote(answer, match)}”" for concept, match in found]
        for concept in missing:
            hint = f" Hint: {concept.hint}" if concept.hint else ""
            feedback.append(f"Missing: {concept.description}.{hint}")
        interpreted = "ideas found: " + (", ".join(concept.id for concept, _ in found) or "none")
        if negated and fraction < 1:
            reasons = "; ".join(f"{concept.description} — “{quote(answer, match)}”" for concept, match in negated)
            feedback.append(f"Stated only in a negated sentence, so a grader will check: {reasons}")
            return Outcome(Status.NEEDS_REVIEW, fraction, tuple(feedback), interpreted, expected, "negated_evidence")
        if not found and len(text_words) >= check.review_if_longer_than:
            count = len(text_words)
            feedback.append(
                f"None of the expected ideas was recognised in this {count}-word answer; a grader will read it."
            )
            return Outcome(Status.NEEDS_REVIEW, 0.0, tuple(feedback), interpreted, expected, "no_concepts_found")
        note = "all_concepts" if fraction >= 1 else "some_concepts" if found else "no_concepts"
        outcome = Outcome(outcome_for(fraction), fraction, tuple(feedback), interpreted, expected, note)
        return apply_mistakes(outcome, part, lambda mistake: _says(mistake, text_words))

    def expected(self, check: TextCheck) -> str:
        """The concepts with their points."""
        return "; ".join(f"{concept.description} ({concept.points:g})" for concept in check.concepts)

    def validate(self, check: TextCheck, part: PartContext) -> list[tuple[str, str]]:
        """Phrasings must compile; the concepts must be able to reach full marks."""
        problems = []
        for c, concept in enumerate(check.concepts):
            for p, phrasing in enumerate(concept.phrasings):
                try:
                    compile_phrase(phrasing)
                except ValueError as error:
                    problems.append((f"check.concepts[{c}].phrasings[{p}]", str(error)))
        total = sum(concept.points for concept in check.concepts)
        if total < part.points:
            problems.append(
                (
                    "check.concepts",
                    f"the concepts give {total:g} points in all, less than the part's "
                    f"{part.points:g}: full marks would be impossible",
                )
            )
        return problems + validate_phrase_mistakes(part)


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
