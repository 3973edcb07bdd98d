"""Numbers in prose as students write them: the result they state, how sure its reading is, and when a grader
must read it instead."""

from __future__ import annotations

from fractions import Fraction

import pytest

from grader.numbers import Exclaimed, Rank, TooLarge, choose, find_numbers, normalise, words_value

from .conftest import finishes

UNITS = ["parameters", "weights"]


def picked(answer: str, *, counts: bool = True, find: str = "final") -> Fraction | float | None:
    choice = choose(find_numbers(answer, UNITS, counts=counts), find, answer)
    return choice.candidate.value if choice.candidate else None


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        # commentary after the result
        ("20362 (unchanged)", 20362),
        ("18,816 (not 18,624)", 18816),
        ("8,705 (8,448 + 257)", 8705),
        ("320 (288 weights + 32 biases)", 320),
        ("0 (pooling has no weights)", 0),
        ("18,816 parameters (with reset_after=False it would be 18,624)", 18816),
        # a labelled result beats the working before it
        ("Total: 8,705", 8705),
        ("total = 4352 + 257 = 4609", 4609),
        ("32*256 + 256 = 8448 and 256 + 1 = 257, so the answer is 8705", 8705),
        ("8448 + 257 => 8705", 8705),
        ("W: 3x3x32x64 = 18432, b: 64 → 18496", 18496),
        ("320, 18496, 77450 Σ = 96266", 96266),
        ("Total params: 96,266 (376.04 KB)\nTrainable params: 96,266\nNon-trainable params: 0", 96266),
        ("= 96234\nTrainable = 96234, non-trainable = 0", 96234),
        ("The LSTM has 24,832, i.e. 6,016 more.", 6016),
        ("each filter has 9 weights plus a bias, i.e. 10 parameters. With 32 filters that's 320.", 320),
        ("LSTM(64): $4 \\times (64 \\cdot 96 + 64) = 24832$, so $24832 - 18816 = 6016$ more.", 6016),
        ("each gate: 32*48+32 = 1568 parameters; 4 gates: 4*1568 = 6272 parameters", 6272),
        ("7,744 inputs × 10 outputs + 10 biases = 77,450", 77450),
        ("It is 1/4 at x = 0.", Fraction(1, 4)),
        ("σ(0)(1 − σ(0)) = 1/4", Fraction(1, 4)),
        ("320 + 18496 + 77450 = 96266 parameters in total", 96266),
        # separators
        ("16 000", 16000),
        ("1 050 624", 1050624),
        ("16\u202f000", 16000),
        ("$6\\,272$", 6272),
        ("$6{,}272$", 6272),
        ("16'000", 16000),
        ("16’000", 16000),
        ("1.050.624", 1050624),
        # the answer first, then why; a console's output; a labelled difference
        ("18,624 - with reset_after=False there is one bias per gate, so 3*64 = 192 fewer than the default.", 18624),
        ("18816 bc torch has 2 bias vecs", 18816),
        ("Also 20 362. The count doesn't change when the time dimension goes from 5 to 10.", 20362),
        ("18816, from the docs' formula 3*(hidden*input + hidden*hidden + 2*hidden)", 18816),  # a formula in words
        ("320 parameters. Each filter has 9 weights, and 32 filters: 288 weights.", 320),  # its unit, then why
        # the answer first, then an arrow and the working that comes to it, words between its terms
        ("77450 -> 7744*10 weights + 10 bias", 77450),
        ("77450 → 7744 x 10 weights + 10 biases", 77450),
        ("77440 -> 7744*10 weights + 10 bias", 77440),  # working that comes to another number: not the answer's
        ("320 = 3*3*1*32 weights + 32 biases", 320),  # equated to working that goes on past words between its terms
        ("320 = 288 weights + 32 biases", 320),
        ("330 = 288 weights + 32 biases", 288),  # working that comes to another number: the chain's end, as before
        ("Total par porte : 6 272, donc 3 × 6 272 = 18 816 paramètres.", 18816),  # `so` in French concludes
        ("Gewichte: 3 · (32 + 64) · 64 = 18.432 Bias: 3 · 64 = 192 Summe: 18.624", 18624),  # German `Summe:`
        ("σ′ ≤ 1/4; the value 0.25 is reached at x = 0; as x → ∞, σ → 1.", Fraction(1, 4)),  # a symbol's limit
        ("18 816; with the old version it would be 18 624.", 18816),  # what another assumption would give
        ("The max would be 1 I think", 1),  # the answer in the conditional mood, no other assumption
        ("0.25, when x is 0", Fraction(1, 4)),  # a condition in words
        ("(32+1)·256 = 8448 (256+1)·1 = 257 sum 8705", 8705),  # `sum` labels the total
        (">>> model.count_params()\n24832\n24832 - 18816 = 6016", 6016),  # worked on from what the code printed
        ("320 -> 9 x 32 weights", 288),  # what the arrow leads to is the result when it does not work out
        (">>> sum(p.numel() for p in conv1.parameters())\n320\nweight: [32, 1, 3, 3] -> 288, bias: [32] -> 32", 320),
        ("each 2048 + 4096 + 64 = 6208 -> 24,832.\nDifference: 24,832 − 18,816 = 6,016.", 6016),
        ("When the input is 0 the derivative reaches its maximum of 0.25; it goes to 0 far from 0.", Fraction(1, 4)),
        ("3 · (2.048 + 4.096 + 128) = 3 · 6.272 = 18.816 parameter", 18816),  # dots group thousands throughout
        ("320 + 0 + 18.432 + 77.440 = 96.192 parameters in total.", 96192),
        ("input weights 20 x 128 = 2.560, output weights 128 x 10 = 1.280.\nTogether: 20.362", 20362),
        ("32 x 256 + 256 = 8,448. The second: 256 + 1 = 257. Together 8,705.", 8705),  # `Together` opening it
        ("the 8 heads are one 1536 × 512 matrix, but the count is unchanged: 1,050,624.", 1050624),
        # another answer under another assumption does not take the answer back
        ("320 (or 288 if you don't count the biases)", 320),
        # a scan's O for 0, labels in other languages
        ("(32x256 + 256) + (256 + 1) = 8448 + 257 = 87O5", 8705),
        ("W_xh: 20·128 = 2.560 W_hh: 128·128 = 16.384 b_h: 128 W_hy: 128·10 = 1.280 b_y: 10 Insgesamt: 20.362", 20362),
        # working continued from an earlier result by a written step; a result opening the answer before a colon
        ("3x3x32 = 288 weights per filter, times 64 filters = 18432.", 18432),
        ("3*3*1 = 9 weights and 1 bias, so 10 parameters. With 32 filters: 32 * 10 = 320 parameters.", 320),
        ("Every filter has 3*3 weights, there are 32 filters -> 288, plus 32 biases = 320.", 320),
        ("Zero. Pooling takes the maximum of each 2x2 window, there is nothing to learn.", 0),
        # an axis is where, not how much; a number opening the answer with no other is its result
        ("softmax over axis=-1 so np.allclose(A.sum(axis=-1), 1) -> True", 1),
        ("1. A.sum(dim=-1) gives all ones (up to float error)", 1),
        ("The head dim = 64", 64),  # a size named `dim` in prose is no keyword argument
        ("W_x 64×32 + W_h 32×32 + b 32 = 3104, × 3 = 9312", 9312),
        ("-> SimpleRNN(128) = 19072\nOne step = 19072 + 1290 = 20362\n\nso 5 * 20362 = 101810 params.", 101810),
        ("1 050 624: in_proj_weight 1536 × 512, in_proj_bias 1536, out_proj 512 × 512 + 512.", 1050624),
        ("4 × (32 × (16 + 32) + 32) = 6272, or 6144 if the biases don't count as weight parameters", 6272),
        ("24832 − 18816 = 6016 more. (or 6208 more if they mean the reset_after=False GRU?)", 6016),
        (
            "in_proj_weight -> 786432\nin_proj_bias -> 1536\nout_proj.weight -> 262144\nout_proj.bias -> 512\n"
            "sum(p.numel() for p in mha.parameters()) = 1050624",
            1050624,
        ),  # the parts, then their sum
        (
            "weight_ih_l0: (192, 32) -> 6144\nweight_hh_l0: (192, 64) -> 12288\nbias_ih_l0: 192\nbias_hh_l0: 192\n"
            "sum = 18816",
            18816,
        ),  # the parts, some marked, then their sum
        ("σ'(0) = 0,5 * 0,5 = 0,25", Fraction(1, 4)),  # a decimal comma
        ("head_dim = embed_dim // num_heads = 512 // 8 = 64", 64),  # Python's division
        ("64. 512 divided by 8 heads.", 64),  # division in words
        ("64. 512 divide 8 heads.", 64),  # division in words, without its `by`
        ("The maximum is 0.25 when x equals 0.", Fraction(1, 4)),  # a condition in words
        ("The maximum is 0.25, in x = 0 where sigma = 0.5.", Fraction(1, 4)),  # the sigmoid's value there, spelled
        ("The maximum equals 0.25.", Fraction(1, 4)),  # the result in words
        ("18816 (I think torch adds both b_ih and b_hh, otherwise it would be 18624)", 18816),  # what would be
        ("20362\nWxh 20*128 = 2560, Whh 128*128 = 16384, bh 128, Why 128*10 = 1280, by 10.", 20362),  # result first
        ("9\nback from conv2: 3 units -> *2 for pool = 6 -> +3 for conv1 = 9", 9),  # result first, working ends at it
        ("4 [(16+32)*32 + 32] = 6272", 6272),  # square brackets after a number: a product, not an aside
        ("3 (64 × 96 + 64) = 18624", 18624),  # a factor, a space, its bracket, and the result
        ("Total = 2O ,362 parámetros", 20362),  # a scan's O for 0, a stray space before the grouping comma
        (
            "It has 32 × 256 = 8192 weights. Since the question says weight parameters, I count only the weights: "
            "8192 + 256 = 8448.",
            8448,
        ),  # a reason that opens the sentence closes at its comma: the number after it is the result
        ("8448, because 32 × 256 = 8192 and 256 more", 8448),  # a reason after the result stays a reason
        ("Since s(1-s) is maximized at s = 1/2, max sigma' = 1/4, attained at x = 0.", Fraction(1, 4)),  # digits too
        ("8 × 8 parameters. conv1: 3, after the pooling: 3 + 1 = 4, conv2: 4 + 2×2 = 8.", 8),  # a square, then its side
        ("0, keras GRU and LSTM both have 4 weight matrices", 0),  # a lone number opening the answer, then why
        (
            "# weight_ih_l0 2560, … -> 19200\n# fc: 1280 + 10 = 1290\n= **20490** for seq_len = 5",
            20490,
        ),  # bold marks it
        ("It stays the same for 5 steps: **20,362**", 20362),  # a bold number is the one the student marked
        ("When the input is 0, the derivative of sigmoid reach its maximum value 0.25.", Fraction(1, 4)),  # labelled
        ("18816 (Keras keeps 2 bias vectors)", 18816),  # `keeps 2 bias vectors` counts things: no second value
        ("PyTorch keeps 2 bias vectors per gate, so 3*(64*96+2*64) = 18816", 18816),
        ("24832 - 18816 = 6016, so the LSTM has 6016 more", 6016),  # an equation opening the answer is working
        ("3 (64*96+64)", 18624),  # a small factor other than the bracket's value: a product
        ("16,000 (1000 x 16) - checked with model.summary()", 16000),  # the bracket is the number's working
        (r"$4\,[(16+32)\cdot 32 + 32] = 6272$", 6272),  # the same in LaTeX, with a thin space
        ("input->hidden 20x128 = 2560, hidden->hidden 128x128 = 16384, so 18944", 18944),  # an arrow in a name
        ("1,568", 1568),
        # words, Unicode fractions, times and brackets
        ("no parameters", 0),
        ("The pooling layer has no parameters, it just takes the max of 2x2 windows", 0),
        ("0. Max pooling takes the biggest value in each 2×2 block, there is nothing to learn.", 0),
        ("none", 0),
        ("zero", 0),
        ("sixteen thousand", 16000),
        ("eighteen thousand eight hundred sixteen", 18816),
        ("sixty-four", 64),
        ("¼", Fraction(1, 4)),
        ("one quarter", Fraction(1, 4)),
        ("It is a quarter, the largest value the derivative takes.", Fraction(1, 4)),
        ("three quarters", Fraction(3, 4)),
        ("one half", Fraction(1, 2)),
        ("0.25", Fraction(1, 4)),
        ("1/4", Fraction(1, 4)),
        ("4 × [(16+32)×32+32]", 6272),
        ("4 x (16 + 32 + 1) x 32", 6272),
        # approximations next to the exact value
        ("about 18.8k (18,816)", 18816),
        ("18,816 ≈ 18.8k", 18816),
        # working, references and reasons around the result
        ("lstm = 4*(32*64+64*64+64) = 24832 so 6208 more", 6208),
        ("4 * 6208 = 24832, so 6208 more than the GRU", 6208),
        ("20362, the same number as for 5 time steps", 20362),
        ("20352 same as 5", 20352),
        ("same as for 5 steps (20362)", 20362),  # the reference is no result; the number in brackets is
        ("Same as for 5 steps: 20362. Unrolling for tau = 10 instead of tau = 5 adds nothing.", 20362),
        ("18496, or maybe 18432 if bias is not counted. I'd go with 18496", 18496),
        ("either 5 or 8 depending on whether you count the pooling... I think 8", 8),
        ("20*128=2560 128*128=16384 128*10=1280 +biases 138 =20362", 20362),
        ("Sixty-four, because the 512 dimensions are split evenly over the 8 heads.", 64),
        (
            "Roughly 18.8k. Three blocks of 32*64 + 64*64 weights, plus two bias vectors of 64 each per block because "
            "reset_after defaults to True, which gives 18,816.",
            18816,
        ),
        ("The LSTM has four blocks, about 24.8k in total (24,832 - 18,816 = 6,016).", 24800),  # ≈: a grader decides
        # an exact number far from the approximation is no reading of it: `roughly 6000 more` is not the 6208 of a block
        ("each block 32·64 + 64·64 + 64 = 6208, so 4·6208 = 24 832. That is roughly 6000 more parameters.", 6000),
        ("Q, K, V: 3 × (512 × 512 + 512) = 787,968 parameters. 8 heads add none, so ≈ 788k.", 787968),
        # a chain whose first links hold symbols, LaTeX thin spaces, a sentence ending after a product
        ("$3\\,(nm + n^2 + 2n) = 3\\,(64\\cdot 32 + 64^2 + 2\\cdot 64) = 3 \\cdot 6272 = 18816$", 18816),
        ("in\\_proj is $3\\cdot 512 \\times 512$. $786\\,432 + 1\\,536 + 262\\,144 = 1\\,050\\,112$.", 1050112),
        ("1 048 576, same as the layer above", 1048576),
        ("conv1 3, pool +1 = 6, conv3 +2 = 8. no wait, not sure how. I'll say 8", 8),
        # a number too large to number a list, opening the answer with a full stop: the result, then the working
        ("320. Cálculo: 3·3·1·32 = 288 pesos + 32 sesgos (bias).", 320),
        ("77.450. Cálculo: 7.744·10 pesos + 10 sesgos.", 77450),  # with dots grouping thousands
        ("10 pasos: 20362 parámetros", 20362),  # the unit in the class's language
        ("each conv1 neuron sees 3 pixels -> 8 + 2 = 10. So a 10x10 patch of the input.", 10),  # the result as a square
        ("24832 - 18816 = 6016, so about 32% more", 6016),  # a share is not what a difference asks for
        ("LSTM: 4 × (32×64 + 64×64 + 64) = 24 832, that is around 1/3 more than the GRU", 24832),  # a share again
        ("biases 128+10. total per step 20362. x5 = 101810", 101810),  # a full stop, then a step on from the total
        ("1,050,624. PyTorch packs Q/K/V into in_proj_weight (1536 x 512 = 786,432) + in_proj_bias (1,536)", 1050624),
        ("3*3*32 + 32 = 320. No wait, each filter has depth 3, so 3*3*3*32 + 32 = 896", 896),  # not at the start
        ("1. Total: 16,000", 16000),  # a list's only item, its result named
        ("$\\mathbf{20362}$, exactly the same as for $T=5$", 20362),  # bold in LaTeX, a condition after it
        ("so $\\boxed{18816}$", 18816),
        ("Embedding 10000 × 32 = 320000\nGRU(64) 18816\nDense(1) 32 + 1 = 33\nSum: 338849", 338849),  # the parts, then
        ("```python\nsum([320, 0, 18496, 77450])  # 96266\n```", 96266),  # a code comment giving the line's value
        (
            "```python\nm = nn.MultiheadAttention(512, 8)\nsum(p.numel() for p in m.parameters())\n# 1050624\n```\n"
            "in_proj 1536x512 + 1536 + out_proj 512x512 + 512",
            1050624,
        ),  # a call in a code block, then its value
        ("```python\n13 * 13 * 64  # 10816\n```\nFlatten unrolls the 13x13 maps x 64 channels.", 10816),
        ("the maximum is at σ = 1/2, where σ' = 1/4", Fraction(1, 4)),  # a fraction in a condition is a value
        ("σ(1-σ) is maximal for σ(x) = 1/2, so max σ'(x) = 1/4", Fraction(1, 4)),  # a call set by `for`, then one read
        ("$1/4$, attained at $x=0$ where $\\sigma(0)=1/2$.", Fraction(1, 4)),  # a value at a point after `where`
        ("18816. weight_ih 192x32, weight_hh 192x64, bias_ih 192, bias_hh 192", 18816),  # result, then lower case
        ("The max is 0.25 at x = 0, where σ(0) = 0.5", Fraction(1, 4)),
        ("so σ'(0) = 1/4", Fraction(1, 4)),  # no word making it a condition: the result
        ("Same: 20,490. I ran it with seq_len=5 and seq_len=10.", 20490),  # a code name set to a value: a condition
        ("4(16·32 + 32·32) = 6144; with the 4·32 = 128 biases, 6272 trainable parameters", 6272),
        (
            "input 32·64 = 2048, recurrent 64·64 = 4096, biases 2·64 = 128.\nPer block 6272, three blocks: 3·6272 = 18,816",
            18816,
        ),
        ("Dense(10) params: 7744*10+10 = 77450", 77450),  # a layer named by its size is no number before the result
        ("320 parameters: 288 weights (3x3x32) and 32 bias.", 320),  # the count, its unit and a colon, then why
        ("4 gates: 4 * 80 = 320", 320),  # a number, a word that is no unit and a colon: a label
        ("0. Max pooling takes the maximum of each 2x2 window, there is nothing to learn.", 0),  # a window's size
        ("5x5. Two stacked 3x3 convs see a 5x5 patch.", 25),  # a square (the receptive-field check takes its side)
        # a result set off by a stop in LaTeX; how often a step repeats and a number joined to a noun are no results
        ("$20362$. The count does not depend on $T$; for $T = 10$ the same $\\theta$ is applied 10 times.", 20362),
        ("20362 again, identical to the 5-step case, for the same reason (see Q2).", 20362),
        ("Queries and keys are 64-dimensional.", 64),  # `-dimensional` states a size
        # steps written on from a named result, one after another
        ("Total: $2560 + 16384 = 18944$; $+1280 = 20224$; $+138 = 20362$.", 20362),
        # a result set off by a stop before working in digits
        ("320. 32 filters × (9 weights + 1 bias)", 320),
        (
            "8. It's 3 from conv1 + 2 from the pooling + 3 from conv2 = 8",
            8,
        ),  # a lone opening number its working ends at
        # a sub-result marked by an arrow alone, then worked on: the arrow marks a step
        ("W_x: 512, W_h: 1024, b: 32 → 1568. Four of them: 4 × 1568 = 6272.", 6272),
        # the result a step on from a number before it: what came before that number is working
        ("input 32*64 = 2048, recurrent 64*64 = 4096, biases 2*64 -> 128. Per gate 6272, times 3 = 18816.", 18816),
        # the count's own name (`N =`, unlike a condition `k = 2`), after every part it adds up
        ("W_xh 20*128=2560, W_hh 128*128=16384, W_hy 128*10=1280, b_h 128, b_y 10. N = 20362.", 20362),
        # another count under another assumption, and a reference in a learner's English
        ("Also $20362$ (or $20224$ without biases), the same as for 5 steps because the weights are shared.", 20362),
        ("Also 20352, same like 5 time steps.", 20352),
        # a small number after an arrow that counts something else than the answer's unit
        ("reset_after=False → 1 bias. (2048 + 4096 + 64) × 3 = 6208 × 3 = 18624", 18624),
        # a product marked by an arrow, then written out with its stated value: the stated value, slip included
        ("Output of conv2: 11 -> 11 x 11 x 64. Flatten = 11*11*64 = 7644 features", 7644),
        # a bound beside the result is no result (it had read 0 for `between 0 and 0.25`: a right answer's zero)
        ("The maximum is 0.25; σ' is always between 0 and 0.25.", Fraction(1, 4)),
        ("0.25, since σ lies between 0 and 1", Fraction(1, 4)),
        ("steepest at x = 0, where it's 1/4. It flattens out to 0 on both sides.", Fraction(1, 4)),  # a limit
        ("The maximum is 1/4. It is reached when σ(x) goes to 1/2.", Fraction(1, 4)),  # the maximum named
        ("4 × (32 × 48 + 32)\n= 4 × 1568\n= 6272", 6272),  # a chain of arithmetic on several lines
        ("weight: 64*32*3*3 = 18432\nbias: 64\n= 18496", 18496),  # `= 18496` sums the lines, not `64 = 18496`
        ("total =\n18816", 18816),
        ("0. Max pooling takes the max over each $2\\times2$ window, nothing is learned.", 0),  # the window an aside
        ("Conv2 keeps 14 × 14, depth 64: 14·14·64 = 196·64 = 12 544", 12544),  # a size kept is no value offered
        ("11 × 11 = 121, × 64 = 7,264 features", 7264),  # a running product on from the number before
        ("= 6272 per block\n*3 = 18688", 18688),  # a line multiplying the number the line before ends with
        ("13-3+1 = 11, so 11x11x64. Flatten = 11x11x64 = 121x64 = 7644", 7644),  # the product again, worked on
        ("13 − 3 + 1 = 11 → 11 × 11 × 64\n11 × 11 = 121, 121 × 64 = 7,644 features", 7644),  # worked out, wrongly
        (
            "per gate → 6272\n3 × 6272 = 18816\n18,816 parameters. (The bias has shape (2, 192).)",
            18816,
        ),  # an aside after
        # the parts listed, each after an arrow, then their sum, then a remark in brackets with a number of its own
        (
            "in_proj_weight: (3*512, 512) -> 786432\nin_proj_bias: (1536,) -> 1536\nout_proj.weight: (512, 512) -> "
            "262144\nout_proj.bias: (512,) -> 512\nsum = 1,050,624\n(num_heads does not change it: a reshape of the 512 dims)",
            1050624,
        ),
        # a term's name in brackets is no part of the sum: its slip is read from the whole working
        ("320 (conv1) + 0 (pool) + 18 496 (conv2) + 77 450 (dense) = 96 266 parameters.", 96266),
        # a value named as the largest or smallest is the result, over the equations of the working before it
        ("g'(s) = 1 - 2s = 0 at s = 1/2, g'' = -2 < 0, so it is a maximum. Largest value: 0.25", Fraction(1, 4)),
        ("f'' = -2 < 0 so max. Maximum value: $\\sigma'(0) = 0.25$", Fraction(1, 4)),
        # the end of a chain that a conclusion opens, after the working's equations
        (
            "$g'(s) = 1 - 2s = 0 \\iff s = \\tfrac12$. Thus $\\max_x \\sigma'(x) = \\sigma'(0) = \\tfrac14$.",
            Fraction(1, 4),
        ),
        # a mapping's arrow before a label (`hidden → output:`) marks no result; the sum after the parts does
        ("• input → hidden: 20 × 128 = 2560\n• hidden → output: 128 × 10 = 1280\nSum: 2560 + 1280 = 3840", 3840),
        # a sum of symbols ending in a lone letter (`… + k = 20 362`) is no condition like `k = 2`
        ("Total = n·d + n² + n + k·n + k = 20 362. (If h_0 were learned it would add 128.)", 20362),
    ],
)
def test_the_stated_result_is_read(answer: str, value: Fraction | int) -> None:
    assert picked(answer) == value


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("10 time steps: still 20362. The same weights are used at every step.", id="steps-first"),
        pytest.param("20362 again. Unrolling 10 steps reuses W_xh, W_hh and b_h at each step.", id="steps-after"),
        pytest.param(
            "Still $20362$ (20,224 weights + 138 biases). So 10 steps need exactly the same parameters as 5.",
            id="the-same-as-another-length",
        ),
        pytest.param("20362 again; the same module handles 5 or 10 steps.", id="two-lengths-offered-together"),
        pytest.param("20362, 10 steps later the same", id="a-count-before-a-number-of-steps"),
        pytest.param("20362, the 10 boxes of the unrolled picture are one cell", id="boxes-counted"),
        pytest.param("20362 i think, torch has 2 biases", id="biases-counted"),
        pytest.param("Same 3 weight matrices + biases: 20,362.", id="weight-matrices-counted"),
        pytest.param("Total for the 2 RNN layers: 20224 + 138 = 20362", id="layers-counted-in-the-label"),
    ],
)
def test_a_parameter_count_is_never_a_number_of_steps(answer: str) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True, params=True), "final", answer)
    assert choice.candidate is not None, choice.reason
    assert choice.candidate.value == 20362


@pytest.mark.parametrize(
    ("answer", "difference", "value"),
    [
        pytest.param("3 × 6208 = 18,624. So 192 fewer than the default.", False, 18624, id="a-difference-not-asked"),
        pytest.param(
            "3 * 6208 = 18624. Difference is 192 = 3*64, the second bias.", False, 18624, id="named-difference"
        ),
        pytest.param("The LSTM has 24,832, so 6,016 more than the GRU.", True, 6016, id="the-difference-asked"),
        pytest.param("24832 parameters, that is 6016 more parameters than the GRU", True, 6016, id="so-many-more"),
        pytest.param(
            "LSTM has 1 extra gate so 64 more params than GRU?\n24832 + 64 = 24896, so 64 more", True, 64, id="restated"
        ),
    ],
)
def test_a_difference_is_the_answer_only_where_the_question_asks_for_one(
    answer: str, difference: bool, value: int
) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True, difference=difference), "final", answer)
    assert choice.candidate is not None
    assert choice.candidate.value == value


@pytest.mark.parametrize(
    ("answer", "concluded"),
    [
        pytest.param("Thus max σ'(x) = σ'(0) = 1/4", True, id="a-conclusion-opens-the-chain"),
        pytest.param("max_x σ'(x) = 1/4, attained at x = 0", True, id="a-maximum-is-said"),
        pytest.param("so if x = 0 then y = 1/4", False, id="a-condition-is-no-conclusion"),
        pytest.param("the max is at x = 1/4", False, id="where-a-maximum-is-is-not-its-value"),
        pytest.param("y = 1/4", False, id="a-plain-equation"),
    ],
)
def test_a_conclusion_or_a_maximum_opening_a_chain_marks_its_end(answer: str, concluded: bool) -> None:
    quarter = [c for c in find_numbers(answer, UNITS, counts=False) if c.value == Fraction(1, 4)]
    assert quarter[-1].concluded is concluded


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("Q and K are 512/8 = 64, V stays 512", id="stays"),
        pytest.param("64 for the queries and keys. The values have the full 512 dimension.", id="have-the-full"),
        pytest.param("Queries and keys are 512 / 8 = 64. The values keep the full 512 dimensions.", id="keep-the-full"),
    ],
)
def test_a_second_value_kept_for_other_parts_is_no_working(answer: str) -> None:
    """`V stays 512` gives the values another size than the 64 just worked out: two results, for a grader (the
    512 had been taken as the working of 64, and the answer credited in full)."""
    choice = choose(find_numbers(answer, UNITS), "final", answer)
    assert choice.candidate is None
    assert "512" in choice.reason
    assert "64" in choice.reason


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        pytest.param(r"$1/4$, at $x=0$: $\sigma(0)=1/2$ and $u(1-u)$ is maximised at $u=1/2$.", None,
                     id="stated-first-then-working-ending-elsewhere"),
        pytest.param("1/4, at x = 0: σ(0) = 1/2", None, id="plain-text"),
        pytest.param("1/4: at x = 0, σ(0) = 1/2", Fraction(1, 4), id="a-colon-after-it-labels-it"),
        pytest.param("1/4, since σ(0)(1 - σ(0)) = 1/4", Fraction(1, 4), id="working-ending-on-it"),
        pytest.param("3*3*32 = 288, 288*64 = 18432", 18432, id="working-first-is-no-statement"),
        pytest.param("0.25 is the maximum, at x = 0", Fraction(1, 4), id="no-comma-after-it"),
    ],
)  # fmt: skip
def test_a_number_stated_first_then_working_ending_elsewhere_goes_to_a_grader(
    answer: str, value: Fraction | None
) -> None:
    """`$1/4$, at $x=0$: $\\sigma(0)=1/2$ …`: a number alone opening the answer before a comma or a colon is the
    result stated first; working after it that ends on another value leaves which one is meant to a grader,
    with both named."""
    choice = choose(find_numbers(answer, UNITS), "final", answer)
    assert (choice.candidate.value if choice.candidate else None) == value, choice.reason
    if value is None:
        assert choice.ambiguous
        assert "opens with 0.25 and then reads as 0.5" in choice.reason


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("lstm (LSTM)                 (None, 32)                6272", 6272),
        ("Layer (type) Output Shape Param #\n======\nembedding (Embedding) (None, 200, 16) 16000", 16000),
    ],
    ids=["summary-row", "summary-with-header"],
)
def test_a_copied_model_summary_row_gives_its_count_for_a_parameter_count(answer: str, value: int) -> None:
    choice = choose(find_numbers(answer, UNITS, params=True), "final", answer)

    assert choice.candidate is not None
    assert choice.candidate.value == value


@pytest.mark.parametrize("answer", ["same as keras", "same as for 5 steps", "as for 5 steps", "see above"])
def test_an_answer_that_points_to_another_goes_to_a_grader(answer: str) -> None:
    choice = choose(find_numbers(answer, UNITS), "final", answer)

    assert (choice.candidate, choice.unreadable) == (None, True)


@pytest.mark.parametrize(
    ("difference", "value"),
    [
        pytest.param(True, 6016, id="asked-how-many-more"),  # the subtraction is what the question asks
        pytest.param(False, 24832, id="asked-the-count"),  # the difference compares, the named total answers
    ],
)
def test_a_named_total_then_a_difference_reads_what_the_question_asks(difference: bool, value: int) -> None:
    answer = "total = 8192 + 16384 + 256 = 24832\ndifference to the GRU: 24832 - 18816 = 6016"
    choice = choose(find_numbers(answer, UNITS, counts=True, difference=difference), "final", answer)
    assert choice.candidate is not None, choice.reason
    assert choice.candidate.value == value


@pytest.mark.parametrize(
    "answer",
    [
        "Embedding: 16000 params, LSTM: 6272 params",  # two results, neither the total
        "The LSTM has 24,832, the GRU 18,816",
        "h_{t-1} W2",  # digits, but every one part of a name
        "18816? or 18624",
        "18,816 (or maybe 18,624)",  # another answer offered in brackets is no aside
        "18,624 (or 18,816)",
        "the inputs times the units, plus one bias for each unit",  # `one` here is an article, not the result
        "total = 8192 + 16384 + 256 = 24832\nfor two layers: 2 × 24832 = 49664",  # named, then worked on
        "10. QK^T is (10 × 64)(64 × 12) = 10 × 12, one row per query",  # 10 first, or a list's number?
        "1. Each row is a probability distribution over the 12 keys.",
        "3 × (2048 + 4096 + 64 + 64) = 18,816. Or maybe 18,624 if it's the same as Keras, I'm not sure.",  # a doubt
        "4 × (16·32 + 32·32 + 32) = 6272.\nPooling adds no parameters.",  # a zero in words after the working
        "I get 6272. Pooling adds no parameters.",  # a zero in words after a plain result
        "3·6208 = 18624 → 18624. But Keras adds a bias, so maybe 18624 + 64 = 18688?",  # a step offered in doubt
        "4? it's a 2x2 window, no parameters otherwise",  # a number first, then none in words
        "18816 i think, torch has 2 biases",  # `I think` marks 18816, not a number past the comma
        "I get 8 = 1 + 2 + 1 + 4. If it doesn't count like that then I think it's 10.",  # another in case it is wrong
        "7744 (11*11*64). Unless flatten is applied right after the pool, then 13*13*64 = 10816",  # unless: another
        "somewhere between 0.25 and 0.5",  # a range is no value
        "σ'(0) = 1/4. Not sure that's the largest, I'd say somewhere around 0.25 to 0.5.",  # a result, then a range
        "20362. No wait, it is 40724.",  # the opening number taken back
        "320 parameters. Hmm, maybe 288 parameters.",  # the opening number doubted
        "Around 0.25? σ(0) = 0.5, so 0.5*0.5... but maybe it is 0.5, not 100% sure.",  # another offered in doubt
        "4*512*512 + 4*512 = 1,050,624? or without the biases 1,048,576. I'd go with the second one",  # by its place
        "W ∈ ℝ^{10×7744}, b ∈ ℝ¹⁰",  # sizes of spaces, no count
        # another answer under another assumption, and the student unsure which holds
        "I think 18 816, or 18 624 if there is only one bias. I am not sure which one is counted.",
        "Maybe 5 x 5 ? The first conv see 3x3 and the second conv add 2 pixels more.",  # `add 2 pixels`: a step
        "3 × (32×64 + 64×64 + 64) = 18 624 … so maybe 18 624 + 192 = 18 816? not 100% sure which",
        "queries/keys: d_k = 512/8 = 64, values: d_v = 512",  # a sibling's value after the result
        "$d_k = 512/8 = 64$ for queries and keys; the values are not split, $d_{v} = 512$.",
    ],
)
def test_several_results_or_unreadable_digits_go_to_a_grader(answer: str) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is None
    assert choice.unreadable
    assert "grader" in choice.reason


@pytest.mark.parametrize(
    "answer",
    [
        "4 × (16·32 + 32·32 + 32) = 6272.\nDropout adds no parameters.",
        "4 x 1568 = 6272 (the dropout has no parameters)",
        "6272; recurrent_dropout=0.1 adds no weights",
    ],
)
def test_no_parameters_said_of_dropout_is_a_remark(answer: str) -> None:
    """Dropout has no parameters whatever is counted: a sentence saying so after the working is no rival."""
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is not None, choice.reason
    assert choice.candidate.value == 6272


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("For Tx = 10 also it is 20362 only, since the same weights are shared.", 20362),
        ("σ′ = σ(1 − σ) is maximal at σ = 1/2, i.e. x = 0, where it equals 1/4.", Fraction(1, 4)),
    ],
    ids=["letter-and-index-run-together", "the-pronoun-it-is-no-symbol"],
)
def test_a_glued_symbol_set_to_a_number_is_a_condition(answer: str, value: Fraction) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is not None, choice.reason
    assert choice.candidate.value == value


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("see slides lecture 5", None),  # where to look, not an answer
        ("8 (see lecture 5, slide 22)", 8),
        ("As in chapter 9 of the DL book, the field is 8", 8),
        ("Goodfellow eq. (10) gives 8", 8),
        ("DL book § 6 says 8", 8),
    ],
    ids=["only-a-lecture", "lecture-and-slide-after", "chapter-before", "equation-number", "section-sign"],
)
def test_a_number_that_names_a_lecture_slide_or_chapter_is_no_candidate(answer: str, value: int | None) -> None:
    found = find_numbers(answer, UNITS, counts=True)

    assert [c.value for c in found if c.rank > Rank.ASIDE] == ([] if value is None else [value])


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("d_model = 512, h = 8, so d_k = d_v = 512/8 = 64", 64),  # givens before the result
        ("d_k = 512/8 = 64, d_v = 64", 64),  # the sibling agrees
        ("With $d_x = 20$, $d_h = 128$: $|\\theta| = d_h d_x + d_h^2 + d_h = 2560 + 16384 + 128 = 19072$", 19072),
        ("d_k = 512/8 = 64, d_model = 512", 64),  # `d_model` is no sibling of `d_k`
    ],
    ids=["givens-first", "sibling-agrees", "sum-ends-in-a-symbol", "long-subscript"],
)
def test_a_subscripted_value_is_a_rival_only_after_the_result_and_for_a_sibling(answer: str, value: int) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is not None, choice.reason
    assert choice.candidate.value == value


def test_no_parameters_is_no_number_of_an_answer_about_something_else() -> None:
    answer = "7x7: three stacked 3x3 convs, and the maxpool has no weights"
    assert 0 not in [c.value for c in find_numbers(answer, ["pixels"])]
    assert 0 in [c.value for c in find_numbers(answer, UNITS)]


def test_a_step_written_on_from_a_named_result_that_slips_is_the_result_with_its_working() -> None:
    """`→ 288 weights, + 32 biases = 330`: 330 is what the student states (288 had been read, and credited as a
    count without biases); the step's own sum, 320, is kept as its working for the check to name the slip."""
    answer = "Each filter: 3×3 = 9 weights (only 1 input channel) → 9 × 32 = 288 weights, + 32 biases = 330 params."
    choice = choose(find_numbers(answer, UNITS), "final", answer)

    assert choice.candidate is not None
    assert (choice.candidate.value, choice.candidate.links) == (330, (320, 330))


@pytest.mark.parametrize(
    ("answer", "links"),
    [
        pytest.param("32·48 + 32 = 1568.\nTimes 4 → 6172.", (6272, 6172), id="times-on-the-next-line"),
        pytest.param("each gate 1568, times 4 = 6272", (6272, 6272), id="times-after-a-comma"),
    ],
)
def test_a_step_in_words_on_from_the_number_before_is_working(answer: str, links: tuple[int, ...]) -> None:
    choice = choose(find_numbers(answer, UNITS), "final", answer)

    assert choice.candidate is not None
    assert choice.candidate.links == links


@pytest.mark.parametrize(
    ("answer", "normal"),
    [("2 times 3 = 6", "2 × 3 = 6"), ("3 × 4 = 12", "3 × 4 = 12"), ("0.5, times 4 = 2", "0.5, times 4 = 2")],
)
def test_a_product_is_no_step_on_from_a_number_before(answer: str, normal: str) -> None:
    """A product, said in words or signs, stays one product; only a step after a comma or a line break goes on
    from the number before it."""
    assert normalise(answer) == normal


def test_a_number_naming_a_kind_of_thing_is_no_number_to_read() -> None:
    answer = "I would question using sigmoid in the 256-unit hidden layer."
    choice = choose(find_numbers(answer, UNITS), "final", answer)

    assert (choice.candidate, choice.unreadable) == (None, False)


def test_no_digits_and_no_number_words_is_no_number() -> None:
    choice = choose(find_numbers("I don't know", UNITS), "final", "I don't know")

    assert choice.candidate is None
    assert not choice.unreadable


@pytest.mark.parametrize(
    ("answer", "value", "half"),
    [("16K", 16000, 500), ("8.4k", 8400, 50), ("≈1.05M", 1050000, 5000), ("about 18.8k", 18800, 50),
     ("96.3k", 96300, 50), ("1.05 million", 1050000, 5000), ("about 19,000", 19000, 500),
     ("4*(32*64 + 64*64 + 64) = 24832, so approx. 6000 more.", 6000, 500), ("LSTM: so ~6k more", 6000, 500)],
)  # fmt: skip
def test_approximations_keep_how_precise_they_are(answer: str, value: int, half: int) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is not None
    assert (choice.candidate.value, choice.candidate.approximate) == (value, half)


@pytest.mark.parametrize(
    ("answer", "value", "other"),
    [("20.362", Fraction(20362, 1000), 20362), ("8x8", 64, 8), ("8 × 8", 64, 8)],
    ids=["european-dot", "square-x", "square-times"],
)
def test_texts_with_two_readings_keep_both(answer: str, value: Fraction | int, other: int) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is not None
    assert choice.candidate.value == value
    assert [reading for reading, _ in choice.candidate.others] == [other]


@pytest.mark.parametrize(
    "answer",
    ["unit <- 3x3 in pool output", "unit ← 3x3 in pool output", r"unit \leftarrow 3x3 in pool output"],
    ids=["ascii", "unicode", "latex"],
)
def test_a_left_arrow_is_no_minus(answer: str) -> None:
    assert [candidate.value for candidate in find_numbers(answer, [], counts=True)] == [9]


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        pytest.param("18.816 and 6.272", "18816\u2063 and 6272\u2063", id="two-numbers-grouped"),
        pytest.param("18.816 and 6.272 with 0.5", "18.816 and 6.272 with 0.5", id="a-decimal-point-elsewhere"),
        pytest.param("just 18.816", "just 18.816", id="one-number-alone-is-left-to-the-check"),
        pytest.param("it lies in (0,1), slope 0,25", "it lies in (0,1), slope 0.25", id="decimal-comma-not-interval"),
        pytest.param(
            "0,5 × 0,5 = 0,25, it is the maximum",
            "0.5 × 0.5 = 0.25, it is the maximum",
            id="decimal-comma-before-a-comma",
        ),
        pytest.param("0,25,50", "0,25,50", id="a-list-of-numbers-is-no-decimal"),
    ],
)
def test_the_european_convention_needs_the_answer_to_show_it(answer: str, text: str) -> None:
    assert normalise(answer) == text


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        pytest.param("20224 per step x5 = 101120", "20224 per step × 5 = 101120", id="the-product-holds"),
        pytest.param("20224 per step x5 = 20224", "20224 per step x5 = 20224", id="it-does-not-hold"),
        pytest.param("x5 = 3", "x5 = 3", id="a-name"),
    ],
)
def test_an_x_glued_to_a_factor_is_a_times_sign_where_the_arithmetic_shows_it(answer: str, text: str) -> None:
    assert normalise(answer) == text


def test_a_number_that_multiplies_a_formula_is_no_result() -> None:
    answer = "For reset_after=False the standard formula 3 × (n·m + n² + n) applies."
    choice = choose(find_numbers(answer, UNITS, counts=True), "final", answer)

    assert choice.candidate is None
    assert choice.unreadable


def test_a_shape_after_the_count_is_no_count() -> None:
    answer = "(3·3·32)·64 = 18 432 weights + 64 biases = 18 496 parameters. Output volume: 11 × 11 × 64."
    choice = choose(find_numbers(answer, UNITS, counts=True, params=True), "final", answer)

    assert choice.candidate is not None
    assert choice.candidate.value == 18496


def test_a_dot_in_a_decimal_answer_is_a_decimal() -> None:
    choice = choose(find_numbers("0.250", UNITS, counts=False), "final", "0.250")

    assert choice.candidate is not None
    assert (choice.candidate.value, choice.candidate.others) == (Fraction(1, 4), ())


@pytest.mark.parametrize(
    ("answer", "ranks"),
    [
        ("18,816 (not 18,624)", [Rank.PLAIN, Rank.REJECTED]),
        ("320 (288 weights + 32 biases)", [Rank.PLAIN, Rank.ASIDE, Rank.ASIDE]),
        ("Total: 4352 + 257 = 4609", [Rank.LABELLED]),
        ("It has 16,000 parameters", [Rank.RESULT]),
        ("= 4 × 1568 = 6272 weights.", [Rank.RESULT]),
        ("It is 1/4 at x = 0.", [Rank.PLAIN, Rank.ASIDE]),
    ],
)
def test_how_the_text_marks_each_number(answer: str, ranks: list[Rank]) -> None:
    assert [c.rank for c in find_numbers(answer, UNITS)] == ranks


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param("h_{t-1} W2 x_1 3rd", [], id="parts-of-names-are-not-numbers"),
        pytest.param("1) Embedding: 16,000 parameters", [16000], id="list-marker-ignored"),
        pytest.param("0. Max pooling takes the max, nothing to learn.", [0, 0], id="a-lone-number-first-is-no-marker"),
        pytest.param("- 5 and 10 time steps", [5, 10], id="bullet-ignored"),
        pytest.param(r"$\frac{1}{2} = 0.5$", [Fraction(1, 2)], id="latex-frac"),
        pytest.param("0.5 or .25", [Fraction(1, 2), Fraction(1, 4)], id="decimals"),
        pytest.param("256 128 64 units", [256, 128, 64], id="numbers-in-a-list-are-not-grouped"),
    ],
)
def test_numbers_found(answer: str, expected: list[object]) -> None:
    assert [c.value for c in find_numbers(answer, UNITS)] == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param("There are 4! ways", [(24, "4!", None)], id="factorial-inside-a-sentence"),
        pytest.param("factorial(3) + 1", [(7, "factorial(3) + 1", None)], id="factorial-function"),
        pytest.param("$3!$", [(6, "3!", None)], id="factorial-in-latex"),
        pytest.param("(1+2)!", [(6, "(1+2)!", None)], id="factorial-of-a-bracket"),
        pytest.param("4 != 5", [(4, "4", None), (5, "5", None)], id="not-equal-is-no-factorial"),
        pytest.param("4609 parameters!", [(4609, "4609", None)], id="exclamation-after-a-word"),
        pytest.param("It is 24!", [(24, "24", Exclaimed(Fraction(620448401733239439360000), "24!"))], id="at-the-end"),
        pytest.param("It is 24! Yes.", [(24, "24", Exclaimed(Fraction(620448401733239439360000), "24!"))], id="then-a-capital"),
        pytest.param("It is 600!", [(600, "600", Exclaimed(None, "600!"))], id="factorial-reading-too-large"),
        pytest.param("4! = 24!", [(24, "4! = 24", None)], id="only-emphasis-keeps-the-equation"),
        pytest.param("Still 20,362! The same box.", [(20362, "20362", None)], id="digits-grouped-are-no-factorial"),
        pytest.param("Still 20 362!", [(20362, "20362", None)], id="digits-grouped-by-a-space"),
    ],
)  # fmt: skip
def test_numbers_with_factorials(answer: str, expected: list[tuple[object, str, Exclaimed | None]]) -> None:
    found = [(c.value, c.source, c.exclaimed) for c in find_numbers(answer, UNITS)]
    assert found == expected


def test_a_grouped_number_with_a_bang_mid_sentence_is_still_read_as_a_factorial() -> None:
    with pytest.raises(TooLarge):  # `1,000! parameters`: the sentence goes on, so no emphasis is taken for granted
        find_numbers("1,000! parameters", UNITS)


@pytest.mark.parametrize(
    ("words", "value"),
    [("sixteen thousand", 16000), ("twenty-one", 21), ("one hundred and five", 105), ("a b", None),
     ("one million fifty thousand six hundred twenty-four", 1050624), ("zero", 0)],
)  # fmt: skip
def test_number_words(words: str, value: int | None) -> None:
    assert words_value(words) == value


def test_normalising_keeps_numbers_whole() -> None:
    assert normalise("16 000 and 1,568 and 20'362 − 1") == "16000 and 1568 and 20362 - 1"


@pytest.mark.parametrize(
    "answer",
    [
        " " * 100_000 + "(" * 100_000 + "x 1",
        "1 " * 50_000,
        "k" * 100_000 + " 1",
        "(" * 50_000 + "1",
        "(or 1 if " * 10_000,
        "1, " * 20_000,
    ],
    ids=["spaces-and-brackets", "many-numbers", "letters", "brackets", "numbers-in-brackets", "a list of numbers"],
)
@pytest.mark.slow
def test_long_answers_are_read_in_linear_time(answer: str) -> None:
    probe = (
        "import sys\nfrom grader.numbers import TooLarge, find_numbers\n"
        "try:\n    find_numbers(sys.stdin.read(), [])\nexcept TooLarge:\n    pass  # over the size limits: a grader reads it"
    )
    finishes(probe, answer, 20)


def test_a_fraction_slash_divides() -> None:
    """`512 ⁄ 8` typed with the fraction slash (U+2044) of a phone's keyboard is 512 / 8."""
    choice = choose(find_numbers("d_k = 512 ⁄ 8 = 64", UNITS), "final", "d_k = 512 ⁄ 8 = 64")

    assert choice.candidate is not None
    assert choice.candidate.value == 64
    assert choice.candidate.links == (64, 64)


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("320\n3*3*1*32 = 288 weights + 32 biases", 320),
        ("20362\nWxh 20*128 = 2560, Whh 128*128 = 16384, bh 128, Why 128*10 = 1280, by 10.", 20362),
    ],
    ids=["a-term-after-a-plus", "every-term-named"],
)
def test_a_parameter_count_alone_on_the_first_line_is_read_when_its_working_adds_up_to_it(
    answer: str, value: int
) -> None:
    choice = choose(find_numbers(answer, UNITS, counts=True, params=True), "final", answer)

    assert choice.candidate is not None
    assert choice.candidate.value == value


def test_a_first_line_its_working_does_not_add_up_to_is_not_read_as_the_result() -> None:
    answer = "300\n3*3*1*32 = 288 weights + 32 biases"
    choice = choose(find_numbers(answer, UNITS, counts=True, params=True), "final", answer)

    assert choice.candidate is None or choice.candidate.value != 300
