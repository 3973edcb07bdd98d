"""Phrase matching: inflections, spellings, typos, gaps, sentences, negation, quotes."""

from __future__ import annotations

import pytest

from grader import load_rubric
from grader.checks.phrases import compile_phrase, find, quote, vocabulary_of, words
from grader.checks.stems import stem
from grader.models.checks import TextCheck

from ..conftest import ROOT, finishes


def matches(phrase: str, text: str) -> list[tuple[str, bool]]:
    return [(text[m.start : m.end], m.negated) for m in find(compile_phrase(phrase), words(text))]


@pytest.mark.parametrize(
    ("group", "same"),
    [
        pytest.param(["gate", "gates"], True, id="plural"),
        pytest.param(["share", "shared", "sharing", "shares"], True, id="verb-forms"),
        pytest.param(["forget", "forgets", "forgetting"], True, id="doubled-consonant"),
        pytest.param(["dependency", "dependencies"], True, id="ies"),
        pytest.param(["multiply", "multiplied", "multiplies"], True, id="y-to-i"),
        pytest.param(["behaviour", "behavior"], True, id="british-our"),
        pytest.param(["summarise", "summarize", "summarised"], True, id="british-ise"),
        pytest.param(["use", "used", "using", "uses"], True, id="short-root"),
        pytest.param(["exponential", "exponentially"], True, id="adverb"),
        pytest.param(["need", "needed"], True, id="eed"),
        pytest.param(["do", "does", "did"], True, id="irregular-do"),
        pytest.param(["have", "has", "had", "having"], True, id="irregular-have"),
        pytest.param(["gate", "gated"], False, id="distinct-words-stay-distinct"),
        pytest.param(["input", "output"], False, id="input-output"),
    ],
)
def test_stems(group: list[str], same: bool) -> None:
    assert (len({stem(word) for word in group}) == 1) is same


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        pytest.param("shared across time steps", "weights are shared across all time steps.", True, id="one-word-gap"),
        pytest.param("weights shared", "weights and biases in an RNN are shared", False, id="gap-too-long"),
        pytest.param("weights ... shared", "weights and biases in an RNN are shared", True, id="ellipsis"),
        pytest.param(
            "weights ... shared", "The weights are fixed. Biases are shared.", False, id="ellipsis-stays-in-sentence"
        ),
        pytest.param("long-term dependencies", "long term dependency", True, id="hyphen-and-inflection"),
        pytest.param("vanishing gradient", "the vanshing gradients", True, id="typo"),
        pytest.param("forget/input gate", "the input gate decides", True, id="alternatives"),
        pytest.param("gate", "the gated unit", False, id="no-false-stem-match"),
        pytest.param("cell state", "cell\nstate", False, id="line-break-ends-a-sentence"),
        pytest.param("n squared", "it costs O(n^2)", True, id="a-square-in-math"),
        pytest.param("n squared", "it costs O(n·d²)", False, id="no-word-between-a-letter-and-its-square"),
        pytest.param("linear", "but only O(n) in time", True, id="big-o-of-n-is-linear"),
        pytest.param("linear", "it costs $\\mathcal{O}(n)$", True, id="big-o-of-n-is-linear-latex"),
        pytest.param("linear", "it costs O(n^2)", False, id="big-o-of-n-squared-is-not-linear"),
        pytest.param("linear", "it costs O(n d)", False, id="big-o-of-n-times-d-is-not-read"),
        pytest.param("not ... vanish", "the gradient does not really vanish", True, id="a-denial-in-its-clause"),
        pytest.param(
            "not ... vanish", "it can't explode, and the sum stops vanishing", False, id="a-denial-ends-with-its-clause"
        ),
        pytest.param(
            "weights ... vanish", "the weights are shared, so nothing vanishes", True, id="a-gap-spans-clauses"
        ),
        pytest.param("forget gate ... keep", "Γ_f decides what to keep", True, id="ng-gate-unicode"),
        pytest.param("update gate ... add", "$\\Gamma_u$ decides what to add", True, id="ng-gate-latex"),
        pytest.param("output gate", "gamma_o: how much is shown", True, id="ng-gate-ascii"),
        pytest.param("forget gate", "Gf: what to keep", True, id="ng-gate-typed"),
        pytest.param("output gate", "Go on to the next step", False, id="go-is-a-word"),
        pytest.param("forget gate", "the gamma function", False, id="gamma-alone-is-no-gate"),
    ],
)
def test_find(phrase: str, text: str, found: bool) -> None:
    assert bool(matches(phrase, text)) is found


@pytest.mark.parametrize(
    ("phrase", "text", "negated"),
    [
        pytest.param("vanishing gradients", "LSTMs do not suffer from vanishing gradients", True, id="within-3-words"),
        pytest.param("vanishing gradients", "It is not a problem; vanishing gradients are", False, id="other-sentence"),
        pytest.param("gradients", "no doubt the model has large gradients", False, id="beyond-3-words"),
        pytest.param("vanishing gradients", "there are no vanishing gradients", True, id="no"),
        pytest.param("suffer", "LSTMs don't suffer from it", True, id="contraction"),
        pytest.param("suffer", "LSTMs cannot suffer from it", True, id="cannot"),
        pytest.param("increase", "it does not only increase", False, id="not-only"),
        pytest.param("does not increase", "No, it does not increase", False, id="negative-phrase-itself"),
        # a clause of purpose says what is avoided, as "to prevent saturation" does
        pytest.param("saturated", "scale the scores so that the softmax is not saturated", False, id="so-that"),
        pytest.param("saturated", "scale them in order that the softmax is not saturated", False, id="in-order-that"),
        pytest.param("saturated", "we scale them, so the softmax is not saturated", True, id="so-alone-is-a-claim"),
        pytest.param(
            "saturated", "so the softmax is not saturated", False, id="an-answer-opening-with-so-is-a-purpose"
        ),
        pytest.param("state ... kept", "Nothing from the previous cell state is kept", True, id="nothing-opening"),
        pytest.param("memory ... kept", "None of the old memory is kept", True, id="none-opening"),
        pytest.param("state ... kept", "Nothing but the cell state is kept", False, id="nothing-but"),
        pytest.param(
            "state ... kept", "Nothing is lost, the cell state is kept", False, id="nothing-in-another-clause"
        ),
        pytest.param(
            "vanishing gradients", "early layers don't learn → vanishing gradients", False, id="past-an-arrow"
        ),
        pytest.param("vanishing gradients", "no -> vanishing gradients", False, id="past-an-ascii-arrow"),
        pytest.param("vanishing gradients", "it does not have vanishing gradients", True, id="no-arrow-between"),
        pytest.param("completely solve", "it reduces it rather than completely solving it", True, id="rather-than"),
        pytest.param("never vanish", "this does not guarantee that they never vanish", True, id="a-denied-claim"),
        pytest.param("never vanish", "this guarantees that they never vanish", False, id="a-claim"),
    ],
)
def test_negation(phrase: str, text: str, negated: bool) -> None:
    (match,) = matches(phrase, text)
    assert match[1] is negated


@pytest.mark.parametrize("phrase", ["... foo", "foo ...", "foo ... ... bar", "foo ?!", "_^{}", "x-1"])
def test_bad_phrasings_are_rejected(phrase: str) -> None:
    with pytest.raises(ValueError, match="phrasing"):
        compile_phrase(phrase)


def test_quote_is_the_sentence_without_list_markers() -> None:
    text = "Intro line.\n- iii) The forget gate decides what to discard. Next sentence here."
    (match,) = find(compile_phrase("forget gate"), words(text))
    assert quote(text, match) == "The forget gate decides what to discard."


def test_long_quotes_are_cut_at_word_boundaries() -> None:
    text = " ".join(["word"] * 40) + " cell state " + " ".join(["more"] * 40)
    (match,) = find(compile_phrase("cell state"), words(text))
    snippet = quote(text, match, width=40)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "cell state" in snippet
    assert all(part in ("word", "more", "cell", "state") for part in snippet.strip("…").split())


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        pytest.param("previous cell state ... discarded", "the old cell memory is thrown away", True, id="synonyms"),
        pytest.param("past and future context", "uses past+future ctx", True, id="abbreviation-and-plus"),
        pytest.param("forward and backward", "2 LSTMs, fwd & bwd", True, id="fwd-bwd"),
        pytest.param("weight sharing", "parameter sharing", True, id="weight-parameter"),
        pytest.param("retain", "the sigmoid keeps the gradient between 0 and 1", False, id="one-word-not-widened"),
        pytest.param("retain", "the cell can retain information", True, id="one-word-own-form"),
        pytest.param("discard ... previous", "we discard the previous state", True, id="own-words"),
        pytest.param("previous ... discarded", "the previous state passes the forget gate", False, id="gate-is-a-name"),
        pytest.param("reset ... previous", "the previous state is forgotten", False, id="reset-is-not-forget"),
        pytest.param("weights shared", "weights are kept", False, id="keep-is-not-share"),
        pytest.param(
            "same filter ... every position", "the same filter everywhere", True, id="everywhere-in-an-answer"
        ),
        pytest.param("is the same everywhere", "it is the same at every place", True, id="everywhere-in-a-phrasing"),
        pytest.param("same filter ... every position", "the same filter anywhere", False, id="anywhere-is-not"),
        pytest.param("has no cell state", "the GRU have no cell state", True, id="has-have"),
        pytest.param("does not forget", "it do not forget", True, id="does-do"),
    ],
)
def test_senses(phrase: str, text: str, found: bool) -> None:
    assert bool(matches(phrase, text)) is found


def test_a_synonym_match_is_negated_like_any_other() -> None:
    assert matches("previous state ... discarded", "the old state is not thrown away") == [
        ("old state is not thrown", True)
    ]


def test_a_match_says_whether_it_needed_a_synonym() -> None:
    pattern = compile_phrase("previous state ... discarded")
    assert [m.loose for m in find(pattern, words("the previous state is discarded; the old state is dropped"))] == [
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        pytest.param("gradients ... vanish", "the gradients dont vanish", [("gradients dont vanish", True)],
                     id="negation-without-apostrophe"),
        pytest.param("how much ... kept", "f: i.e. how much of c is kept", [("how much of c is kept", False)],
                     id="i.e.-ends-no-sentence"),
        pytest.param("exponential decay", "exp. decay of grads", [], id="exp.-is-not-exponential"),
        pytest.param("forward ... backward", "h_t = [h_fwd; h_bwd]", [("fwd; h_bwd", False)],
                     id="semicolon-in-brackets-ends-no-sentence"),
        pytest.param("index to vector", "word index → dense vector", [("index → dense vector", False)],
                     id="arrow-reads-to"),
        pytest.param("close to 1", "if f ≈ 1 the gradient survives", [("≈ 1", False)], id="approx-reads-close-to"),
        pytest.param("reduces ... size", "↓ spatial size ⇒ fewer FLOPs", [("↓ spatial size", False)],
                     id="an-arrow-down-reads-reduces"),
        pytest.param("prod ... partial", "∂L/∂h_k = ∏_j ∂h_j/∂h_{j-1}", [("∏_j ∂", False)],
                     id="product-and-partial-signs-read-as-latex"),
        pytest.param("prod ... partial", "\\prod_j \\partial h_j", [("prod_j \\partial", False)],
                     id="as-latex-reads-them"),
    ],
)  # fmt: skip
def test_symbols_and_abbreviations(phrase: str, text: str, expected: list[tuple[str, bool]]) -> None:
    assert matches(phrase, text) == expected


def test_a_line_break_still_ends_a_sentence_inside_an_open_bracket() -> None:
    assert matches("forward ... backward", "(forward pass\nbackward pass") == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        pytest.param("erase c_{t-1}", ["erase", "previous", "cell", "state"], id="previous-cell-state"),
        pytest.param("GRU only has hₜ", ["gru", "only", "has", "hidden", "state"], id="unicode-subscript"),
        pytest.param("C(t) and h_t", ["cell", "state", "and", "hidden", "state"], id="function-form"),
        pytest.param("c~_t or c̃_t", ["c", "t", "or", "tilde", "c", "t"], id="a-candidate-is-not-a-state"),
        pytest.param("$\\bar c_t$, $\\tilde h_t$", ["bar", "c", "t", "tilde", "h", "t"], id="nor-a-latex-candidate"),
        pytest.param("C_in channels", ["c", "in", "channels"], id="other-subscripts-stay"),
        pytest.param("only h^{(t)}", ["only", "hidden", "state"], id="a-bracketed-superscript"),
        pytest.param("c<t-1> and c⟨t⟩", ["previous", "cell", "state", "and", "cell", "state"], id="angle-brackets"),
        pytest.param("a<t> = c<t>", ["hidden", "state", "cell", "state"], id="ngs-activation"),
        pytest.param("x^(t)", ["x", "t"], id="an-input-stays"),
    ],
)
def test_states_written_as_symbols_read_as_their_names(text: str, read: list[str]) -> None:
    assert [w.lower for w in words(text)] == read


def test_without_it_is_a_condition_not_a_denial() -> None:
    assert matches("softmax saturates", "without it softmax saturates") == [("softmax saturates", False)]
    assert matches("softmax saturates", "without a saturating softmax") == []
    assert matches("saturates", "it works without saturates") == [("saturates", True)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        pytest.param("large d_k", ["large", "dimension"], id="d_k"),
        pytest.param("dₖ and d_{model}", ["dimension", "and", "dimension"], id="unicode-and-braces"),
        pytest.param("d_x or d", ["d", "x", "or", "d"], id="other-d-stays"),
    ],
)
def test_attention_dimensions_read_as_dimension(text: str, read: list[str]) -> None:
    assert [w.lower for w in words(text)] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        pytest.param("h_t = [hf_t ; hb_t]", ["hidden", "state", "concatenated", "hf", "t", "hb", "t"], id="semicolon"),
        pytest.param(
            "[→h_t ; ←h_t]", ["concatenated", "to", "hidden", "state", "backward", "hidden", "state"], id="arrows"
        ),
        pytest.param(
            "o(t) = V [h(t); g(t)]", ["o", "t", "v", "concatenated", "hidden", "state", "g", "t"], id="goodfellow"
        ),
        pytest.param("[see slide 3, lecture 2]", ["see", "slide", "3", "lecture", "2"], id="words-stay-words"),
        pytest.param("[a; b; c]", ["a", "b", "c"], id="three-items-are-no-pair"),
    ],
)
def test_two_symbols_stacked_in_brackets_read_as_concatenated(text: str, read: list[str]) -> None:
    assert [w.lower for w in words(text)] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        pytest.param("c̃: new info", ["tilde", "c", "new", "information"], id="combining-tilde"),
        pytest.param("c̄ new values", ["bar", "c", "new", "values"], id="combining-macron"),
        pytest.param(r"\bar c new values", ["bar", "c", "new", "values"], id="latex-bar"),
    ],
)
def test_a_letter_with_a_tilde_or_bar_reads_as_its_latex(text: str, read: list[str]) -> None:
    assert [w.lower for w in words(text)] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        pytest.param("the cell and hidden state", ["the", "cell", "state", "and", "hidden", "state"], id="states"),
        pytest.param("forget and input gates", ["forget", "gates", "and", "input", "gates"], id="gates"),
        pytest.param(
            "input, forget and output gate", ["input", "gate", "forget", "gate", "and", "output", "gate"], id="comma"
        ),
        pytest.param("reset or update gate", ["reset", "gate", "or", "update", "gate"], id="or"),
        pytest.param("forget input gate", ["forget", "input", "gate"], id="no-join-no-list"),
        pytest.param("cell and new state", ["cell", "and", "new", "state"], id="only-names-of-states"),
        pytest.param("input. Forget and output", ["input", "forget", "and", "output"], id="no-head-noun"),
    ],
)
def test_a_head_noun_shared_by_a_list_of_names_is_read_after_each(text: str, read: list[str]) -> None:
    assert [w.lower for w in words(text)] == read


def test_a_list_of_states_finds_a_phrasing_on_either() -> None:
    assert matches("merge ... cell state ... hidden state", "the GRU merges the cell and hidden state")


def test_a_negation_does_not_reach_into_a_remark_in_brackets() -> None:
    assert matches("vanishing gradients", "early layers don't train (vanishing gradients)") == [
        ("vanishing gradients", False)
    ]
    assert matches("vanishing gradients", "there are no vanishing gradients") == [("vanishing gradients", True)]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        pytest.param("gradients ... zero", "softmax saturates so gradients ≈ 0", id="digit-zero"),
        pytest.param("two gates", "GRU: 2 gates", id="digit-two"),
        pytest.param("variance", "Var(q·k) = d_k", id="var"),
        pytest.param("translation invariance", "downsample; transl. invariance", id="transl"),
    ],
)
def test_digits_and_shorthand_find_their_words(phrase: str, text: str) -> None:
    assert matches(phrase, text)


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        pytest.param("close to 1", r"$f_t \approx 1$", True, id="latex-approx"),
        pytest.param("to y", r"$h \to y$", True, id="latex-to"),
        pytest.param("to p", r"$W^\top p$", False, id="latex-top-is-not-to"),
        pytest.param("less than 1", "if the weights are < 1 it shrinks", True, id="less-than-sign"),
        pytest.param("at most 1/4", r"$\sigma'(x) \le 1/4$", True, id="latex-le"),
        pytest.param("at most 1/4", "σ' ≤ 0.25", True, id="unicode-le"),
        pytest.param("at most", r"$\left(x\right)$", False, id="latex-left-is-not-le"),
        pytest.param("less than 1", "h -> 1", False, id="an-arrow-is-no-less-than"),
        pytest.param("close to 1", "so if f ~ 1 it does not vanish", True, id="tilde-before-a-number"),
        pytest.param("close to", "the candidate c~_t and h~_t", False, id="a-candidate-tilde-is-no-approximation"),
        pytest.param("bwd lstm", "a backward LSTM", True, id="shorthand-in-a-phrasing"),
        pytest.param("previous state ... erased", "the old state is wiped", True, id="wiped"),
        pytest.param("same theta", "the same θ in every link", True, id="unicode-theta"),
        pytest.param("learned", "Keras is a deep learning API", False, id="a-field-is-no-learning"),
        pytest.param("learned", "the vectors keep learning", True, id="learning-is-learning"),
    ],
)
def test_latex_words_and_shorthand_in_phrasings(phrase: str, text: str, found: bool) -> None:
    assert bool(matches(phrase, text)) is found


@pytest.mark.slow
@pytest.mark.parametrize(
    "answer",
    ["a. " * 33_000, "(" * 50_000 + "x; y", "i.e. " * 20_000, "c_{t-1} → " * 10_000, "[a; b] " * 30_000],
    ids=["many-sentences", "open-brackets", "abbreviations", "symbols", "stacked-pairs"],
)
def test_long_answers_are_split_into_words_in_linear_time(answer: str) -> None:
    probe = "import sys\nfrom grader.checks.phrases import words\nwords(sys.stdin.read())"
    finishes(probe, answer, 20)


@pytest.mark.parametrize(
    ("phrasing", "answer", "found"),
    [
        pytest.param("divide by d_k", "we divide by √d_k before the softmax", True, id="symbol-dimension"),
        pytest.param("sqrt(d_k)", "scaled by \\sqrt{d_k}", True, id="latex-symbol"),
        pytest.param("O(n^2)", "attention costs O(n²) in the length", True, id="big-o-unicode-square"),
        pytest.param("0.25", "its maximum is 1/4", True, id="decimal-finds-fraction"),
        pytest.param("1/4", "the derivative peaks at 0.25", True, id="fraction-finds-decimal"),
        pytest.param("0.25", "the derivative peaks at ¼", True, id="unicode-fraction"),
        pytest.param("0.25", "it is 25 percent", False, id="not-another-number"),
        pytest.param("h_{t-1}", "it reads the previous hidden state", True, id="state-symbol-as-words"),
        pytest.param("forget/discard", "it can discard it", True, id="alternatives-still-words"),
        pytest.param("O(n)", "attention costs O(n²) in the length", False, id="math-ends-where-the-symbol-ends"),
        pytest.param("O(n)", "an RNN costs O(n) steps", True, id="math-phrasing-whole"),
    ],
)
def test_phrasings_hold_math_and_numbers(phrasing: str, answer: str, found: bool) -> None:
    assert bool(find(compile_phrase(phrasing), words(answer))) is found


def test_numbers_in_answers_are_one_word_each() -> None:
    assert [w.lower for w in words("0.25, .25, 1/4 and ¼; 1,000 units; version 2.0.")] == [
        "1/4", "1/4", "1/4", "and", "1/4", "1", "000", "units", "version", "2",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        pytest.param("share ... weights", "The weights are shared across all positions.", True, id="passive"),
        pytest.param("share ... kernel", "the kernel is simply shared", True, id="passive-with-an-adverb"),
        pytest.param("share ... kernel", "the kernel is reused at every position", True, id="passive-of-a-same-sense"),
        pytest.param("share ... kernel", "the kernel is learned", False, id="passive-of-another-verb"),
        pytest.param(
            "same weights", "the weights are the same at every step", True, id="predicate-of-a-two-word-phrase"
        ),
        pytest.param("weight sharing", "the sharing is weight", False, id="no-predicate-of-a-noun-phrase"),
        pytest.param("same ... filter", "the filter is the same everywhere", True, id="predicate-same"),
        pytest.param("share ... weights", "The weights are not shared.", True, id="passive-negated-still-found"),
        pytest.param("two ... lstms", "The LSTMs are two.", False, id="a-copula-is-no-passive"),
        pytest.param("share ... weights", "The weights. They are shared.", False, id="another-sentence"),
        pytest.param("share ... weights", "the weights, which are shared", False, id="another-clause"),
        pytest.param("same kernel ... all ... position", "kernel is same in all position", True, id="with-the-rest"),
        pytest.param(
            "same kernel ... all ... position", "the kernel is the same, positions vary", False, id="without-the-rest"
        ),
        pytest.param("same filter", "a 3x3 filter that is the same for the whole image", True, id="after-that"),
        pytest.param("share ... weights", "9 weights and they are reused everywhere", True, id="taken-up-by-they"),
        pytest.param("share ... weights", "9 weights and we reused them", False, id="no-pronoun-for-the-noun"),
        pytest.param(
            "share ... weights ... position",
            "The weights are shared. Every position",
            False,
            id="the-rest-in-another-sentence",
        ),
        pytest.param("reduce ... dimension", "Dimensionality reduction: 26 × 26 → 13 × 13", True, id="nominal"),
        pytest.param("reduce ... size", "a size reduction", True, id="nominal-of-the-same-word"),
        pytest.param("reduce ... size", "the size, reduction", False, id="nominal-across-a-clause"),
        pytest.param("reduce ... size", "the size reduces", False, id="no-nominal-of-a-verb-form"),
        pytest.param("reduce ... size", "no size reduction", True, id="nominal-negated-still-found"),
    ],
)
def test_a_two_word_phrasing_in_the_passive(phrase: str, text: str, found: bool) -> None:
    """ "share ... weights" also finds `the weights are shared`: the noun, a form of `be`, then the participle,
    within one clause, then the rest of the phrasing in the sentence; a plain predicate (`the LSTMs are two`) is
    no passive."""
    matches = find(compile_phrase(phrase), words(text))
    assert bool(matches) is found
    if "not" in text:
        assert matches[0].negated


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("The LSTM has a cell state, the GRU doesn't.", True, id="denial-after-a-comma"),
        pytest.param("LSTM has a separate cell state and the GRU doesnt", True, id="after-and-without-apostrophe"),
        pytest.param("The LSTM has a cell state in addition to h_t, the GRU does not.", True, id="object-ends-at-in"),
        pytest.param("The GRU does not.", False, id="nothing-had-before"),
        pytest.param("The LSTM has a cell state. The GRU doesn't.", False, id="another-sentence"),
        pytest.param("The GRU does not have a cell state.", False, id="a-denial-with-its-object-is-as-written"),
    ],
)
def test_a_denial_without_its_object_reads_it_from_the_clause_before(text: str, found: bool) -> None:
    """`the LSTM has a cell state, the GRU doesn't`: the GRU "has no cell state", at the denial's place."""
    matches = [m for m in find(compile_phrase("no cell state"), words(text)) if not m.negated]
    assert bool(matches) is found
    if found:
        assert text[matches[0].start : matches[0].end].lower().startswith(("doesn", "does"))


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        pytest.param("No because the weights are shared.", False, id="no-then-its-reason"),
        pytest.param("No, the weights are shared.", False, id="no-then-a-comma"),
        pytest.param("no weights are shared", True, id="no-as-a-determiner"),
    ],
)
def test_no_before_a_reason_is_an_answer_not_a_negation(text: str, negated: bool) -> None:
    (match,) = find(compile_phrase("weights ... shared"), words(text))
    assert match.negated is negated


@pytest.mark.parametrize("assignment", ["dl-rnn-vs-lstm", "rnn-lstm-theory"])
def test_a_texts_vocabulary_finds_the_same_matches(assignment: str) -> None:
    # every phrasing of the rubric's text parts, on every answer of its own tests: the shortcut loses nothing
    rubric = load_rubric(ROOT / "rubrics" / f"{assignment}.yaml")
    tried = found = 0
    for _, part in rubric.parts():
        if not isinstance(part.check, TextCheck):
            continue
        patterns = [compile_phrase(text) for concept in part.check.concepts for text in concept.phrasings]
        for test in part.tests:
            text_words = words(str(test.answer))
            vocab = vocabulary_of(text_words)
            for pattern in patterns:
                plain = find(pattern, text_words)
                assert find(pattern, text_words, vocab=vocab) == plain, (pattern.text, test.answer)
                tried, found = tried + 1, found + len(plain)
    assert tried > 1000  # the comparison saw many patterns
    assert found > 100  # and many matches
