"""Deterministic generator of a large, novel-like book folder for benchmarks.

python benchmarks/generate.py OUTDIR --words 500000 --chapters 320 --parts 16 [--seed 1]

Stdlib only: the same arguments always give byte-identical files, so timings compare the same
input. The prose is gibberish with the *shape* of an English novel (straight and nested quotes,
apostrophes, dashes, ellipses, emphasis, footnotes, scene breaks) so transforms do real work.
"""

import argparse
import itertools
import random
from pathlib import Path

_split = str.split  # word lists below stay compact, one string each

TITLE = "Generated Novel"
AUTHOR = "Benchmark Author"
IDENTIFIER = "urn:uuid:6f1c3a52-8d0e-4b7a-9c1f-2e5d7b9a4c10"
SCENE_BREAK = "* * *"

# Real words, most frequent first: their rank drives the Zipf weights, so the text has the
# skewed frequency profile of English (short function words dominate, as they do in a novel).
COMMON = _split("""the and to of a was he in it that she her his I had you with for on at as not
but be my him they is said all so from one there we were this would me have what up out no by an
could if them do like back then into been now when down over only about their or your know little
just more eyes time door before thought hand again way long old still face came room through night
some away something might even nothing head man looked knew seemed last where after too other
first himself made voice how never here toward well saw felt against turned light dark house under
while such left around behind moment across morning window small water white want why yes mother
father heart told asked because very much each hands stood every own those went took until
without think being who these must looking life good great going upon floor perhaps almost things
quite words once enough day people silence open cold world road fire wind letter town river garden
stone table chair bed glass paper street village winter summer rain field""")
PSEUDO_COUNT = 3000
ONSETS = _split("b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr r s sh sl sp st str")
ONSETS += _split("t th tr v w wh y")
VOWELS = _split("a e i o u a e i o ea ai ou oo ie ee")
CODAS = ["", "", "", "n", "r", "l", "s", "t", "st", "nd", "rk", "ng", "ck", "m", "th", "ll", "sh"]
SUFFIXES = ["", "", "", "", "", "s", "ing", "ed", "ly", "er", "ness", "ful"]
NAMES = _split("Mara Tobias Eliza Rowan Agnes Felix Isolde Jasper Hester Silas Nell Ambrose Wren")
FAMILIES = _split("Smith Harlow Benton Calloway Marsh Pryor")
CONTRACTIONS = _split("""don't can't won't it's I'm wasn't didn't couldn't o'clock 'tis 'twas
we'll you're they'd isn't shouldn't I'd there's""")
NARRATION_ENDS = (["."] * 85) + (["!"] * 3) + (["?"] * 5) + (["..."] * 4)
SPEECH_ENDS = (["."] * 55) + (["!"] * 12) + (["?"] * 20) + (["..."] * 8) + (["--"] * 5)
SENTENCE_WEIGHTS = [10, 16, 20, 18, 14, 10, 7, 5]  # for 1..8 sentences in a paragraph
SPEECH_VERBS = ["said", "said", "said", "asked", "whispered", "replied"]
TAIL = (20, 60)  # min/max words of the exact-length narration that closes each chapter


def capitalize(token: str) -> str:
    """Upper-case the first letter, skipping markup such as '*', '"' or a leading apostrophe."""
    for i, char in enumerate(token):
        if char.isalpha():
            return token[:i] + char.upper() + token[i + 1 :]
    return token


def wrap(tokens: list[str], mark: str) -> list[str]:
    """Put mark before the first token and after the last (they may be the same token)."""
    tokens[0] = mark + tokens[0]
    tokens[-1] += mark
    return tokens


class Prose:
    """Produces lists of whitespace tokens, so every word written is counted exactly."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.vocab = self._vocabulary(PSEUDO_COUNT)
        weights = (1.0 / (rank + 2.7) for rank in range(len(self.vocab)))
        self.cum_weights = list(itertools.accumulate(weights))

    def _vocabulary(self, pseudo: int) -> list[str]:
        """COMMON (unique) in rank order, then made-up words that read like English."""
        words = dict.fromkeys(COMMON)  # an ordered set: keeps ranks, rejects duplicates
        while len(words) < len(COMMON) + pseudo:
            word = "".join(
                self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS)
                for _ in range(self.rng.choice([1, 1, 1, 2, 2, 2, 3]))
            ) + self.rng.choice(SUFFIXES)
            if 2 <= len(word) <= 11:
                words[word] = None
        return list(words)

    def words(self, n: int) -> list[str]:
        """n plain tokens, sprinkled with contractions and possessives (apostrophe cases)."""
        tokens = self.rng.choices(self.vocab, cum_weights=self.cum_weights, k=n)
        for i, roll in enumerate([self.rng.random() for _ in range(n)]):
            if roll < 0.015:
                tokens[i] = self.rng.choice(CONTRACTIONS)
            elif roll < 0.020:
                tokens[i] = self.rng.choice(NAMES) + "'s"
            elif roll < 0.022 and i > 0:  # plural possessive: "the Smiths'"
                tokens[i - 1], tokens[i] = "the", self.rng.choice(FAMILIES) + "s'"
            elif roll < 0.030:
                tokens[i] = self.rng.choice(NAMES)
        return tokens

    def sentence(self, n: int, ends: list[str]) -> list[str]:
        tokens = self.words(n)
        if n >= 3 and self.rng.random() < 0.06:  # *emphasis* over one to three words
            start = self.rng.randrange(n - 1)
            stop = min(n - 1, start + self.rng.randrange(3))
            tokens[start] = "*" + tokens[start]
            tokens[stop] += "*"  # separately: start may equal stop
        if n >= 5 and self.rng.random() < 0.06:  # an interruption: "I was--well, tired"
            i = self.rng.randrange(1, n - 1)
            tokens[i] += "--" + self.words(1)[0]
        if n >= 6 and self.rng.random() < 0.03:  # a trailing-off pause mid-sentence
            i = self.rng.randrange(1, n - 2)
            tokens[i] += "..."
        for i in range(1, n - 1):
            if tokens[i][-1].isalpha() and self.rng.random() < 0.07:
                tokens[i] += ","
        tokens[0] = capitalize(tokens[0])
        tokens[-1] += self.rng.choice(ends)
        return tokens

    def sentence_length(self) -> int:
        return max(2, min(38, round(self.rng.gauss(14, 7))))

    def narration(self, sentences: int) -> list[str]:
        tokens: list[str] = []
        for _ in range(sentences):
            tokens += self.sentence(self.sentence_length(), NARRATION_ENDS)
        return tokens

    def nested_quote(self) -> list[str]:
        """A spoken sentence quoting someone else: He told me, 'Run now,' and I ran."""
        lead = self.words(self.rng.randint(2, 5))
        lead[0], lead[-1] = capitalize(lead[0]), lead[-1] + ","
        at_end = self.rng.random() < 0.4
        inner = wrap(self.sentence(self.rng.randint(1, 6), ["."] if at_end else [",", "?,"]), "'")
        if at_end:
            return lead + inner
        rest = self.words(self.rng.randint(2, 7))
        return lead + inner + [*rest[:-1], rest[-1] + "."]

    def speech(self, sentences: int) -> list[str]:
        tokens: list[str] = []
        for _ in range(sentences):
            if self.rng.random() < 0.08:
                tokens += self.nested_quote()
            else:
                tokens += self.sentence(max(1, self.sentence_length() - 4), SPEECH_ENDS)
        return tokens

    def dialogue(self) -> list[str]:
        speech = self.speech(self.rng.choices(range(1, 9), [30, 25, 18, 12, 7, 4, 2, 2])[0])
        pattern = self.rng.random()
        if pattern < 0.45:  # "Words," said Mara.  /  "Words?" Mara asked.
            if speech[-1].endswith(".") and not speech[-1].endswith("..."):
                speech[-1] = speech[-1][:-1] + ","
            name, verb = self.rng.choice(NAMES), self.rng.choice(SPEECH_VERBS)
            return wrap(speech, '"') + ([verb, name + "."] if pattern < 0.2 else [name, verb + "."])
        # Otherwise an action beat before the line, or the bare line.
        return (self.narration(1) if pattern < 0.75 else []) + wrap(speech, '"')

    def quote_run(self) -> list[list[str]]:
        """One speech over several paragraphs: each reopens the quote, only the last closes."""
        paragraphs = [self.speech(self.rng.randint(1, 4)) for _ in range(self.rng.randint(2, 4))]
        for tokens in paragraphs:
            tokens[0] = '"' + tokens[0]
        paragraphs[-1][-1] += '"'
        return paragraphs

    def paragraphs(self) -> list[list[str]]:
        roll = self.rng.random()
        if roll < 0.05:
            return self.quote_run()
        if roll < 0.42:
            return [self.dialogue()]
        return [self.narration(self.rng.choices(range(1, 9), SENTENCE_WEIGHTS)[0])]

    def exact_narration(self, n: int) -> list[list[str]]:
        """Plain paragraphs totalling exactly n tokens: closes each chapter on budget."""
        paragraphs: list[list[str]] = []
        while n > 0:
            size = min(n, self.rng.randint(40, 140))
            size = n if n - size < 10 else size
            tokens: list[str] = []
            while len(tokens) < size:
                length = min(size - len(tokens), self.sentence_length())
                length = size - len(tokens) if size - len(tokens) - length < 2 else length
                tokens += self.sentence(length, NARRATION_ENDS)
            paragraphs.append(tokens)
            n -= size
        return paragraphs

    def title(self, number: int) -> str:
        words = " ".join(capitalize(w) for w in self.rng.choices(self.vocab[60:400], k=2))
        heading = self.rng.choices(["Chapter {n}", "Chapter {n}: The {w}", "The {w}"], [12, 5, 3])
        return "# " + heading[0].format(n=number, w=words)

    def chapter(self, number: int, budget: int, footnote: int | None, scene_break: bool) -> str:
        label = footnote if budget >= 60 else None  # a tiny chapter has no room for a note
        note = self.sentence(self.rng.randint(8, 25), ["."]) if label else []
        remaining = budget - len(note)
        blocks, used, pending = [self.title(number)], 0, label is not None
        while remaining - used > TAIL[1]:
            group = self.paragraphs()
            size = sum(len(tokens) for tokens in group)
            if used + size > remaining - TAIL[0]:
                continue  # would overshoot the budget: draw another (shorter) group
            if pending and used > remaining // 5 and not group[0][0].startswith('"'):
                group[-1][-1] += f"[^{label}]"  # reference sits at the end of narration
                pending = False
            blocks += [" ".join(tokens) for tokens in group]
            used += size
            if scene_break and used >= remaining // 2:
                blocks.append(SCENE_BREAK)
                scene_break = False
        tail = self.exact_narration(remaining - used)
        if pending:
            tail[-1][-1] += f"[^{label}]"
        blocks += [" ".join(tokens) for tokens in tail]
        if label:
            blocks.append(f"[^{label}]: " + " ".join(note))
        return "\n\n".join(blocks) + "\n"


def split_budget(rng: random.Random, total: int, parts: int, spread: float) -> list[int]:
    """Split total into parts of varied size (+/- spread), each >= 1, summing to total."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    sizes = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(sizes)):  # hand out the rounding remainder one by one
        sizes[i % parts] += 1
    return sizes


def book_yaml(parts: int, part_width: int) -> str:
    head = f"title: {TITLE}\nauthor: {AUTHOR}\nlanguage: en\nidentifier: {IDENTIFIER}\n"
    entries = "".join(
        f'  - part: "Part {p}"\n    chapters: [manuscript/p{p:0{part_width}d}/*.md]\n'
        for p in range(1, parts + 1)
    )
    return head + 'date: "2026-01-01"\ncontents:\n' + entries


def generate(outdir: Path, words: int, chapters: int, parts: int, seed: int = 1) -> None:
    """Write OUTDIR/book.yaml and OUTDIR/manuscript/pNN/cNNN.md (prose words == words)."""
    if not 1 <= parts <= chapters:
        raise ValueError("need 1 <= parts <= chapters")
    if words < chapters:
        raise ValueError("need at least one word per chapter")
    manuscript = Path(outdir) / "manuscript"
    if manuscript.exists():  # never mix with (or wipe) an existing manuscript
        raise FileExistsError(f"{manuscript} already exists; choose an empty OUTDIR")
    rng = random.Random(seed)
    prose = Prose(rng)
    budgets = split_budget(rng, words, chapters, 0.4)
    per_part = split_budget(rng, chapters, parts, 0.0)  # chapters spread evenly over parts
    part_width, chapter_width = max(2, len(str(parts))), max(3, len(str(chapters)))
    number, footnotes = 0, 0
    for p, count in enumerate(per_part, start=1):
        folder = manuscript / f"p{p:0{part_width}d}"
        folder.mkdir(parents=True)
        for _ in range(count):
            number += 1
            footnote = None
            if rng.random() < 0.1:  # labels unique book-wide: pandoc reads one document
                footnotes += 1
                footnote = footnotes
            text = prose.chapter(number, budgets[number - 1], footnote, rng.random() < 0.5)
            (folder / f"c{number:0{chapter_width}d}.md").write_text(text, encoding="utf-8")
    (Path(outdir) / "book.yaml").write_text(book_yaml(parts, part_width), encoding="utf-8")


def chapter_files(outdir: Path) -> list[Path]:
    """All chapter files in reading order (zero-padded names make sorting correct)."""
    return sorted(Path(outdir).glob("manuscript/p*/*.md"))


def count_words(outdir: Path) -> int:
    """Whitespace tokens of prose: headings, scene breaks and footnote labels not counted."""
    total = 0
    for path in chapter_files(outdir):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and line != SCENE_BREAK:
                total += len(line.split()) - line.startswith("[^")  # "[^3]:" is a label
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    for name, default in (("words", 500_000), ("chapters", 320), ("parts", 16), ("seed", 1)):
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    generate(args.outdir, args.words, args.chapters, args.parts, args.seed)
    print(f"wrote {args.outdir}: {count_words(args.outdir)} words, {args.chapters} chapters")


if __name__ == "__main__":
    main()
