#!/usr/bin/env python3
"""Writes the four unrolled SHA-256d kernels of this folder.

    python3 src/Hashmint.Mining/Kernel/generate_kernels.py

Two schedule layouts x two hashes:
  RegisterSchedule*  schedule words are locals: the JIT keeps the 16-word window plus the 8 state words in
                     the 32 ZMM/YMM registers of AVX-512 (used by the avx512 and avx512vl engines).
  MemorySchedule*    schedule words live in a stackalloc'd array: with 16 registers (AVX2, scalar) the JIT
                     otherwise spills state and temporaries; loads of W as memory operands are far cheaper.

Every fact the kernels rely on (which words are zero or constant, which rounds the nonce does not reach,
where the early exit is) is encoded below, once, and documented in docs/MINING-ENGINE.md.
"""
import os
import re

K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]
INDENT = "        "


def k(t):
    return "0x%08xu" % K[t]


def s1(x):
    return f"TOps.SmallSigma1({x})"


def s0(x):
    return f"TOps.SmallSigma0({x})"


def add(x, y):
    return f"TOps.Add({x}, {y})"


def add_b(x, y):
    return f"TOps.AddBroadcast({x}, {y})"


def expand(t):
    return f"TOps.Expand(w{t - 2}, w{t - 7}, w{t - 15}, w{t - 16})"


def rotate(names):
    # After a round the variable that was h holds the new a and the one that was d holds the new e.
    return [names[7]] + names[:7]


def round_line(names, w, kw, comment=None):
    a, b, c, d, e, f, g, h = names
    args = f"{w}, {kw}" if w else kw
    line = f"{INDENT}t = TOps.T1({e}, {f}, {g}, {h}, {args}); {d} = TOps.Add({d}, t); {h} = TOps.NewA(t, {a}, {b}, {c});"
    return line + (f" // {comment}" if comment else "")


def new_e_only_line(names, w, kw, comment):
    _, _, _, d, e, f, g, h = names
    return f"{INDENT}{d} = TOps.Add({d}, TOps.T1({e}, {f}, {g}, {h}, {w}, {kw})); // {comment}"


def schedule_line(t, special):
    expr, comment = special.get(t, (expand(t), None))
    return f"{INDENT}TVec w{t} = {expr};" + (f" // {comment}" if comment else "")


# First hash, second block: W0..W2 are per job, W3 the nonce, W4 padding, W5..W14 zero, W15 = 640.
FIRST_SCHEDULE = {
    18: (add_b(s0("w3"), "job.W18Base"), "σ1(W16) + W11(0) + σ0(W3) + W2"),
    19: (add_b("w3", "job.W19Base"), "σ1(W17) + W12(0) + σ0(W4) + W3"),
    20: (add_b(s1("w18"), "Sha256Constants.PaddingStart"), "σ1(W18) + W13(0) + σ0(W5)(0) + W4"),
    21: (s1("w19"), "σ1(W19); W14, W6, W5 are 0"),
    22: (add_b(s1("w20"), "Sha256Constants.HeaderBitLength"), "σ1(W20) + W15; W7, W6 are 0"),
    23: (add_b(s1("w21"), "job.W16"), "σ1(W21) + W16; W8, W7 are 0"),
    24: (add_b(s1("w22"), "job.W17"), "σ1(W22) + W17; W9, W8 are 0"),
    25: (add(s1("w23"), "w18"), "σ1(W23) + W18; W10, W9 are 0"),
    26: (add(s1("w24"), "w19"), "W11, W10 are 0"),
    27: (add(s1("w25"), "w20"), "W12, W11 are 0"),
    28: (add(s1("w26"), "w21"), "W13, W12 are 0"),
    29: (add(s1("w27"), "w22"), "W14, W13 are 0"),
    30: (add_b(add(s1("w28"), "w23"), "FoldedConstants.SmallSigma0OfHeaderLength"), "σ1(W28) + W23 + σ0(W15); W14 is 0"),
    31: (add_b(add(s1("w29"), "w24"), "job.W31Base"), "σ1(W29) + W24 + σ0(W16) + W15"),
    32: (add_b(add(s1("w30"), "w25"), "job.W32Base"), "σ1(W30) + W25 + σ0(W17) + W16"),
    33: (add(add(s1("w31"), "w26"), add_b(s0("w18"), "job.W17")), "σ1(W31) + W26 + σ0(W18) + W17"),
}

# Second hash: W0..W7 the first digest, W8 padding, W9..W14 zero, W15 = 256.
SECOND_SCHEDULE = {
    16: (add(s0("w1"), "w0"), "σ1(W14) and W9 are 0"),
    17: (add_b(add(s0("w2"), "w1"), "FoldedConstants.SmallSigma1OfDigestLength"), "σ1(W15) + W10(0) + σ0(W2) + W1"),
    18: (add(add(s1("w16"), s0("w3")), "w2"), "W11 is 0"),
    19: (add(add(s1("w17"), s0("w4")), "w3"), "W12 is 0"),
    20: (add(add(s1("w18"), s0("w5")), "w4"), "W13 is 0"),
    21: (add(add(s1("w19"), s0("w6")), "w5"), "W14 is 0"),
    22: (add(add(s1("w20"), s0("w7")), add_b("w6", "Sha256Constants.DigestBitLength")), "σ1(W20) + W15 + σ0(W7) + W6"),
    23: (add(add(s1("w21"), "w16"), add_b("w7", "FoldedConstants.SmallSigma0OfPadding")), "σ1(W21) + W16 + σ0(W8) + W7"),
    24: (add_b(add(s1("w22"), "w17"), "Sha256Constants.PaddingStart"), "σ1(W22) + W17 + σ0(W9)(0) + W8"),
    25: (add(s1("w23"), "w18"), "σ0(W10), W9 are 0"),
    26: (add(s1("w24"), "w19"), "σ0(W11), W10 are 0"),
    27: (add(s1("w25"), "w20"), "σ0(W12), W11 are 0"),
    28: (add(s1("w26"), "w21"), "σ0(W13), W12 are 0"),
    29: (add(s1("w27"), "w22"), "σ0(W14), W13 are 0"),
    30: (add_b(add(s1("w28"), "w23"), "FoldedConstants.SmallSigma0OfDigestLength"), "σ1(W28) + W23 + σ0(W15); W14 is 0"),
    31: (add(add(s1("w29"), "w24"), add_b(s0("w16"), "Sha256Constants.DigestBitLength")), "σ1(W29) + W24 + σ0(W16) + W15"),
}


def first_hash_body():
    lines, names = [], list("abcdefgh")
    for t in range(4, 64):
        if t == 4:
            lines.append(round_line(names, None, "FoldedConstants.FirstK4PlusPadding", "W4 is the padding word"))
        elif t <= 14:
            lines.append(round_line(names, None, k(t), f"K{t}; W{t} is 0"))
        elif t == 15:
            lines.append(round_line(names, None, "FoldedConstants.FirstK15PlusLength", "W15 is the bit length"))
        elif t in (16, 17):
            lines.append(round_line(names, None, f"job.KPlusW{t}"))
        else:
            lines.append(schedule_line(t, FIRST_SCHEDULE))
            lines.append(round_line(names, f"w{t}", k(t)))
        names = rotate(names)
    assert names == list("efghabcd")
    return lines


def second_hash_body():
    lines, names = [], list("abcdefgh")
    for t in range(1, 61):
        if t <= 7:
            lines.append(round_line(names, f"w{t}", k(t)))
        elif t == 8:
            lines.append(round_line(names, None, "FoldedConstants.SecondK8PlusPadding", "W8 is the padding word"))
        elif t <= 14:
            lines.append(round_line(names, None, k(t), f"K{t}; W{t} is 0"))
        elif t == 15:
            lines.append(round_line(names, None, "FoldedConstants.SecondK15PlusLength", "W15 is the bit length"))
        else:
            lines.append(schedule_line(t, SECOND_SCHEDULE))
            if t <= 56:
                lines.append(round_line(names, f"w{t}", k(t)))
            elif t < 60:
                lines.append(new_e_only_line(names, f"w{t}", k(t), "a is never needed again"))
            else:
                lines.append(new_e_only_line(names, f"w{t}", "FoldedConstants.SecondK60PlusInitialH7", "e + IV7 = H7"))
                assert names[3] == "a"
        names = rotate(names)
    return lines


def to_memory(lines, first_word_in_memory):
    """Schedule words from first_word_in_memory on become slots of the stack array w."""
    def slot(m):
        n = int(m.group(1))
        return f"w[{n}]" if n >= first_word_in_memory else m.group(0)
    return [re.sub(r"\bw(\d+)\b", slot, line.replace("TVec w", "w")) for line in lines]


HEADER = """// <auto-generated>
// Written by generate_kernels.py in this folder; edit the script, not this file.
// </auto-generated>
using System.Runtime.CompilerServices;
using Hashmint.Mining.Lanes;
{search}using Hashmint.Mining.Sha256;

namespace Hashmint.Mining.Kernel;

"""

METHOD_ATTRIBUTES = """    // A compiled method of its own: the JIT's inlining budget cannot take both hashes in one method, and
    // AggressiveOptimization compiles it fully optimized at once instead of starting in tier 0.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
"""

LAYOUT_NOTE = {
    "Register": "Schedule words are locals, so with 32 vector registers the 16-word window stays in registers.",
    "Memory": "Schedule words live in a stack array: with 16 registers the window cannot, and the JIT would\n/// spill state words and temporaries instead; W as a memory operand costs almost nothing.",
}


def first_hash_file(layout):
    memory = layout == "Memory"
    body = first_hash_body()
    if memory:
        body = to_memory(body, 16)
    declare = "        TVec* w = stackalloc TVec[64];\n" if memory else ""
    return HEADER.format(search="using Hashmint.Mining.Search;\n") + f"""/// <summary>
/// First SHA-256 of the header for one vector of nonces, handed on to the second: the header's second
/// 64-byte block (merkle tail, time, bits, nonce, padding) from the job's midstate. Rounds 0..2 and all of
/// round 3 but the nonce word come from the job; words 4..15 are padding constants folded into K; W16, W17
/// and the nonce-free parts of W18..W33 come from the job. Fully unrolled: the variable names rotate each
/// round instead of the values (a rolled loop measured 6% slower with AVX2).
/// {LAYOUT_NOTE[layout]}
/// </summary>
internal static {"unsafe " if memory else ""}class {layout}ScheduleFirstHash
{{
{METHOD_ATTRIBUTES}{"    [SkipLocalsInit]" + chr(10) if memory else ""}    public static TVec FinalWord7<TOps, TVec>(SearchJob job, TVec w3)
        where TOps : struct, ILaneOps<TVec>
        where TVec : unmanaged
    {{
        // State at the start of round 4; round 3 added W3 (the nonce word) to the new a and e.
        TVec a = TOps.AddBroadcast(w3, job.Round4ABase);
        TVec b = TOps.Broadcast(job.Round4B);
        TVec c = TOps.Broadcast(job.Round4C);
        TVec d = TOps.Broadcast(job.Round4D);
        TVec e = TOps.AddBroadcast(w3, job.Round4EBase);
        TVec f = TOps.Broadcast(job.Round4F);
        TVec g = TOps.Broadcast(job.Round4G);
        TVec h = TOps.Broadcast(job.Round4H);
        TVec t;
{declare}
""" + "\n".join(body) + """

        // After round 63 the names have rotated by four: e, f, g, h, a, b, c, d hold the new a..h.
        TVec h0 = TOps.AddBroadcast(e, job.Mid0);
        TVec h1 = TOps.AddBroadcast(f, job.Mid1);
        TVec h2 = TOps.AddBroadcast(g, job.Mid2);
        TVec h3 = TOps.AddBroadcast(h, job.Mid3);
        TVec h4 = TOps.AddBroadcast(a, job.Mid4);
        TVec h5 = TOps.AddBroadcast(b, job.Mid5);
        TVec h6 = TOps.AddBroadcast(c, job.Mid6);
        TVec h7 = TOps.AddBroadcast(d, job.Mid7);

        // The digest goes straight on to the second hash: no out-parameters to spill and reload in the caller.
        return """ + layout + """ScheduleSecondHash.FinalWord7<TOps, TVec>(h0, h1, h2, h3, h4, h5, h6, h7);
    }
}
"""


def second_hash_file(layout):
    memory = layout == "Memory"
    body = second_hash_body()
    if memory:
        body = to_memory(body, 0)
        parameters = ", ".join(f"TVec digest{i}" for i in range(8))
        first_word = "digest0"
        declare = ("        // The first digest is this block's words 0..7: they go to the schedule array too.\n"
                   "        TVec* w = stackalloc TVec[61];\n"
                   + "".join(f"        w[{i}] = digest{i};\n" for i in range(8)))
    else:
        parameters = ", ".join(f"TVec w{i}" for i in range(8))
        first_word = "w0"
        declare = ""
    return HEADER.format(search="") + f"""/// <summary>
/// Second SHA-256 (of the 32-byte first digest: one block) for one vector of lanes, stopped as soon as the
/// final word H7 is known. H7 = IV7 + (e after round 60), so rounds 61..63 are skipped and rounds 57..60
/// compute only the new e. Round 0 starts from the constant IV, so only W0 is added to its result; words
/// 8..15 are padding constants folded into K, and their terms vanish from W16..W31.
/// {LAYOUT_NOTE[layout]}
/// </summary>
internal static {"unsafe " if memory else ""}class {layout}ScheduleSecondHash
{{
{METHOD_ATTRIBUTES}{"    [SkipLocalsInit]" + chr(10) if memory else ""}    public static TVec FinalWord7<TOps, TVec>({parameters})
        where TOps : struct, ILaneOps<TVec>
        where TVec : unmanaged
    {{
{declare}        // State after round 0 from the IV: only W0 varies.
        TVec a = TOps.AddBroadcast({first_word}, FoldedConstants.SecondRound0A);
        TVec b = TOps.Broadcast(0x6a09e667u);
        TVec c = TOps.Broadcast(0xbb67ae85u);
        TVec d = TOps.Broadcast(0x3c6ef372u);
        TVec e = TOps.AddBroadcast({first_word}, FoldedConstants.SecondRound0E);
        TVec f = TOps.Broadcast(0x510e527fu);
        TVec g = TOps.Broadcast(0x9b05688cu);
        TVec h = TOps.Broadcast(0x1f83d9abu);
        TVec t;

""" + "\n".join(body) + """
        return a;
    }
}
"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for layout in ("Register", "Memory"):
        for name, text in ((f"{layout}ScheduleFirstHash.cs", first_hash_file(layout)),
                           (f"{layout}ScheduleSecondHash.cs", second_hash_file(layout))):
            with open(os.path.join(here, name), "w", encoding="utf-8", newline="\n") as out:
                out.write(text)


if __name__ == "__main__":
    main()
