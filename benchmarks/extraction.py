"""Extraction quality of the importers on the real-world files in ../shared/data/files.

Run from the repository root:

    .venv/bin/python benchmarks/extraction.py [--data ../shared/data/files] [-v]

All text is measured AFTER ``normalize(text, reflow=extracted.reflow)``, i.e. what the user
sees. Figures:

* HTML, ScrapingHub pages (cases with "body"): macro-averaged F1 of 4-token shingles
  (tokens = re.findall(r"\\w+", text)), as in scrapinghub/article-extraction-benchmark.
* HTML, trafilatura pages (cases with "with"/"without"): accuracy over all snippets, after
  whitespace normalisation: a "with" snippet must be a substring, a "without" must not; reader
  comments ("comments") count as must-not-appear as well (reported separately too); the share
  of must-have ("with") snippets kept is reported as its own figure.
* HTML titles and dates: share of pages whose title (case/punctuation-insensitive) and date
  (YYYY-MM-DD) match the expected ones.
* PDF / EPUB / DOCX / text: each file's outcome (words and title, or the failure reason); the
  detected vs the true encoding of the text files; similarity with the reference texts that
  exist (pdfminer/pypdf/pandoc outputs).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.core.errors import ImportFailure  # noqa: E402
from reader.core.importers import read_path  # noqa: E402
from reader.core.importers.decode import decode_bytes  # noqa: E402
from reader.core.model import Extracted  # noqa: E402

try:
    from reader.core.text.normalize import normalize
except ImportError:  # pragma: no cover - before the normaliser existed
    def normalize(text: str, *, reflow: bool = False) -> str:
        return text


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def shingles(text: str, n: int = 4) -> Counter:
    toks = tokens(text)
    return Counter(tuple(toks[i:i + n]) for i in range(max(len(toks) - n + 1, 0)))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = shingles(pred), shingles(gold)
    if not p or not g:
        return (1.0, 1.0, 1.0) if not p and not g else (0.0, 0.0, 0.0)
    tp = sum((p & g).values())
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def norm_title(text: str) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def load(path: Path) -> tuple[Extracted | None, str, str]:
    """(extracted, normalised text, failure reason)."""
    try:
        items = list(read_path(path))
    except ImportFailure as exc:
        return None, "", str(exc)
    ex = next((i for i in items if isinstance(i, Extracted)), None)
    if ex is None:
        return None, "", "no record"
    return ex, normalize(ex.text, reflow=ex.reflow), ""


def bench_html(root: Path, verbose: bool) -> dict:
    cases = [json.loads(line) for line in (root / "cases.jsonl").open(encoding="utf-8")]
    f1s, precisions, recalls = [], [], []
    ok = total = ok_nc = total_nc = w_ok = w_total = 0
    titles = dates = both = n_meta = 0
    started = time.time()
    print("\n== HTML ==")
    for case in cases:
        ex, text, reason = load(root / case["file"])
        if "body" in case:
            p, r, f = prf(text, case["body"])
            precisions.append(p), recalls.append(r), f1s.append(f)
            if verbose or f < 0.9:
                print(f"  SH {case['file'][:16]}  F1 {f:.3f} (P {p:.3f} R {r:.3f}) {reason}")
            continue
        flat = re.sub(r"\s+", " ", text)
        results = [s in flat for s in case.get("with", [])]
        w_ok += sum(results)
        w_total += len(results)
        results += [s not in flat for s in case.get("without", [])]
        ok_nc += sum(results)
        total_nc += len(results)
        results += [s not in flat for s in case.get("comments", [])]
        ok += sum(results)
        total += len(results)
        n_meta += 1
        t_ok = ex is not None and norm_title(ex.title) == norm_title(case["title"])
        d_ok = ex is not None and ex.date[:10] == case["date"]
        titles += t_ok
        dates += d_ok
        both += t_ok and d_ok
        if verbose or not all(results) or not (t_ok and d_ok):
            misses = [s for s in case.get("with", []) if s not in flat]
            leaks = [s for s in case.get("without", []) + case.get("comments", []) if s in flat]
            print(f"  TR {case['file'][:34]:34} snippets {sum(results)}/{len(results)}"
                  f"{' title!' if not t_ok else ''}{' date!' if not d_ok else ''} {reason}")
            for s in misses:
                print(f"       missing: {s[:70]!r}")
            for s in leaks:
                print(f"       leaked:  {s[:70]!r}")
            if not t_ok and ex is not None:
                print(f"       title {ex.title[:70]!r} expected {case['title'][:70]!r}")
            if not d_ok and ex is not None:
                print(f"       date {ex.date!r} expected {case['date']!r}")
    out = {
        "sh_pages": len(f1s), "sh_f1": sum(f1s) / len(f1s), "sh_p": sum(precisions) / len(f1s),
        "sh_r": sum(recalls) / len(f1s), "tr_pages": n_meta, "tr_acc": ok / total,
        "tr_acc_no_comments": ok_nc / total_nc, "tr_with": w_ok / max(w_total, 1), "titles": titles / n_meta,
        "dates": dates / n_meta, "title_and_date": both / n_meta,
        "seconds": time.time() - started,
    }
    print(f"  ScrapingHub pages ({out['sh_pages']}): macro shingle F1 {out['sh_f1']:.4f} "
          f"(P {out['sh_p']:.4f}, R {out['sh_r']:.4f})   target >= 0.99")
    print(f"  trafilatura pages ({n_meta}): snippet accuracy {out['tr_acc']:.4f} "
          f"({ok}/{total}; without the comment snippets {out['tr_acc_no_comments']:.4f})"
          "   target >= 0.92")
    print(f"  trafilatura pages ({n_meta}): must-have (\"with\") snippets kept {out['tr_with']:.4f} "
          f"({w_ok}/{w_total})   target >= 0.92")
    print(f"  titles right {out['titles']:.2f}, dates right {out['dates']:.2f}, both "
          f"{out['title_and_date']:.2f}   target >= 0.80")
    print(f"  {len(cases)} pages in {out['seconds']:.1f} s")
    return out


def pandoc_words(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    words = re.findall(r'Str "((?:[^"\\]|\\.)*)"', raw)
    return " ".join(re.sub(r"\\(\d+)", lambda m: chr(int(m.group(1))), w) for w in words)


def jsx_text(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s or s[0] in "<{}/)(" or "=" in s or s.endswith(("{", ",", ":")):
            continue
        lines.append(re.sub(r"<[^>]+>", " ", s))
    return " ".join(lines)


def token_f1(pred: str, gold: str) -> float:
    p, g = Counter(tokens(pred.lower())), Counter(tokens(gold.lower()))
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def containment(pred: str, ref: str) -> float:
    """Share of the reference's 4-shingles found in the prediction."""
    p, g = shingles(pred), shingles(ref)
    return sum((p & g).values()) / max(sum(g.values()), 1)


PASSWORDS = {"crazyones-encrypted-256.pdf": "password"}  # from pypdf's tests/test_encryption.py

REFERENCES = {
    "dmca.pdf": ("dmca.pdfminer-ref.txt", "share of pdfminer's page-1 shingles found",
                 containment),
    "crazyones-encrypted-256.pdf": ("crazyones-encrypted-256.expected.txt",
                                    "pypdf's expected text, shingle F1", lambda a, b: prf(a, b)[2]),
    "metadata.docx": ("metadata.pandoc-native.txt", "token F1 vs pandoc", token_f1),
    "notes.docx": ("notes.pandoc-native.txt", "token F1 vs pandoc", token_f1),
    "alternate_document_path.docx": ("alternate_document_path.pandoc-native.txt",
                                     "token F1 vs pandoc", token_f1),
    "minimum-test-document.docx": ("minimum-test-document.dedocx-expected.jsx.txt",
                                   "token F1 vs dedocx snapshot text", token_f1),
}


def bench_documents(root: Path, kind: str, verbose: bool) -> None:
    print(f"\n== {kind.upper()} ==")
    for path in sorted(root.glob(f"*.{kind}")):
        started = time.time()
        ex, text, reason = load(path)
        took = time.time() - started
        if ex is None:
            print(f"  {path.name:38} FAILED: {reason}  ({took:.2f} s)")
        else:
            print(f"  {path.name:38} {len(text.split()):6} words  title {ex.title[:50]!r}"
                  f"  author {ex.author[:30]!r}  date {ex.date[:10]!r}  ({took:.2f} s)")
        ref = REFERENCES.get(path.name)
        if ref and (root / ref[0]).exists():
            if ref[0].endswith("native.txt"):
                reference = pandoc_words(root / ref[0])
            elif ref[0].endswith(".jsx.txt"):
                reference = jsx_text(root / ref[0])
            else:
                reference = (root / ref[0]).read_text(encoding="utf-8")
            if ex is None and path.name in PASSWORDS:
                # Refused as it should be; measure the text we would get given the password.
                from reader.core.importers.pdf import read_pdf
                unlocked = read_pdf(path, password=PASSWORDS[path.name])
                text = normalize(unlocked.text, reflow=unlocked.reflow)
                print(f"      reference {ref[0]}: {ref[1]} = {ref[2](text, reference):.3f}"
                      f" (opened with the test password {PASSWORDS[path.name]!r})")
            elif ex is None:
                print(f"      reference {ref[0]}: n/a (not imported)")
            else:
                print(f"      reference {ref[0]}: {ref[1]} = {ref[2](text, reference):.3f}")
        if verbose and ex is not None:
            print("      " + text[:300].replace("\n", " / "))


def bench_text(root: Path, verbose: bool) -> None:
    print("\n== TEXT (encodings) ==")
    manifest = {row["file"]: row for row in csv.DictReader(
        (root / "manifest.tsv").open(encoding="utf-8"), delimiter="\t")}
    right = present = 0
    for name, row in manifest.items():
        path = root / name
        if not path.exists():
            continue
        present += 1
        data = path.read_bytes()
        truth = data.decode(row["python_codec"]).lstrip("\ufeff")
        try:
            text, encoding = decode_bytes(data)
        except ImportFailure as exc:
            text, encoding = "", f"FAILED: {exc}"
        ok = text == truth
        right += ok
        ex, normal, reason = load(path)
        outcome = (f"{len(normal.split())} words, title {ex.title[:40]!r}" if ex else
                   f"FAILED: {reason}")
        print(f"  {'ok ' if ok else 'BAD'} {name[:42]:42} true {row['python_codec']:10} "
              f"detected {encoding:12} | {outcome}")
    print(f"  encodings right (decoded text identical to the true codec's): {right}/{present}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "files")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    started = time.time()
    bench_html(args.data / "html", args.verbose)
    for kind in ("pdf", "epub", "docx"):
        bench_documents(args.data / kind, kind, args.verbose)
    bench_text(args.data / "text", args.verbose)
    print(f"\ntotal {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
