#!/usr/bin/env python3
"""Writes BENCHMARKS.md from its pieces in Benchmarks/ (run from the repo root), or checks or rebuilds them.

    python3 Benchmarks/assemble.py           # BENCHMARKS.md <- the pieces
    python3 Benchmarks/assemble.py --check   # exit 1, with a diff, when BENCHMARKS.md is not what the pieces give
    python3 Benchmarks/assemble.py --split   # the pieces <- BENCHMARKS.md (after BENCHMARKS.md was edited by hand)

The pieces:
- `RESULTS-summary.md`: everything before the table of contents (title, introduction, the floors table, the
  quiet-run section), verbatim, except that a line `{{quiet-run-tables.md}}` stands for that file (`table.py`'s
  output, with any notes kept in the file).
- `RESULTS-<area>.md`, one per entry of AREAS, in that order: written by whoever ran that benchmark, with the
  commands that produced its figures. Each becomes the section `## <title>` of BENCHMARKS.md: the file's own
  `# ...` first line is dropped and every heading outside code fences is demoted one level (so the file's `#`
  headings become `##`, `##` become `###`, ...). Entries listed in the table of contents are marked so.

A heading `## ...` in BENCHMARKS.md that names no area belongs to the area above it (its file holds it as `# ...`);
to make it an area of its own, add it to AREAS.
"""
import difflib, os, re, sys

# (file suffix, section title, listed in the table of contents)
AREAS = [
    ("codecs", "Codecs: PNG and JPEG vs Pillow", True),
    ("filters", "Filters vs OpenCV and scipy.ndimage", True),
    ("augment", "Augmentation vs OpenCV warpAffine and Albumentations", True),
    ("resize", "Resizing vs Pillow, OpenCV and Albumentations", True),
    ("nn", "CNN training vs JAX", True),
    ("data", "Data loader", True),
    ("transfer", "Transfer learning: frozen convolutions from digits 0–4 vs training from scratch on few digits 5–9",
     False),
    ("mpi", "Data-parallel training over MPI", False),
]
OUTPUT = "BENCHMARKS.md"
SUMMARY = os.path.join("Benchmarks", "RESULTS-summary.md")
TABLES = os.path.join("Benchmarks", "quiet-run-tables.md")
TABLES_MARKER = "{{quiet-run-tables.md}}\n"


def read(path):
    with open(path, encoding="utf-8", newline="") as file:
        return file.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(text)


def shift_headings(text, by):
    """Adds `by` (1 or -1) to the level of every Markdown heading outside ``` fences."""
    lines, fenced = text.split("\n"), False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#+ ", line):
            lines[i] = "#" + line if by > 0 else line[1:]
    return "\n".join(lines)


def anchor(title):
    return "#" + re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def table_of_contents():
    return "\n".join(f"- [{title}]({anchor(title)})" for _, title, listed in AREAS if listed) + "\n\n"


def assemble():
    summary = read(SUMMARY)
    if TABLES_MARKER in summary:
        summary = summary.replace(TABLES_MARKER, read(TABLES))
    sections = []
    for area, title, _ in AREAS:
        path = os.path.join("Benchmarks", f"RESULTS-{area}.md")
        if not os.path.exists(path):
            continue
        text = read(path).strip()
        text = re.sub(r"^# .*\n", "", text, count=1)  # the file's own title is replaced by ours
        sections.append(f"## {title}\n\n{shift_headings(text, 1)}\n")
    return summary + table_of_contents() + "\n".join(sections)


def split():
    """Writes the pieces that assemble() turns into the current BENCHMARKS.md, or exits 1 saying why it cannot."""
    text = read(OUTPUT)
    toc = table_of_contents()
    start = text.find(toc)
    if start < 0:
        sys.exit(f"{OUTPUT}: no table of contents matching AREAS (expected:\n{toc})")
    summary = text[:start]
    tables = read(TABLES) if os.path.exists(TABLES) else ""
    if tables and summary.count(tables) == 1:
        summary = summary.replace(tables, TABLES_MARKER)
    rest = text[start + len(toc):]
    titles = [title for _, title, _ in AREAS]
    # Area headings outside code fences, in order.
    positions, offset, fenced = [], 0, False
    for line in rest.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## ") and line[3:] in titles:
            positions.append((offset, line[3:]))
        offset += len(line) + 1
    found = [title for _, title in positions]
    if found != [t for t in titles if t in found] or (positions and positions[0][0] != 0):
        sys.exit(f"{OUTPUT}: the area sections are not in AREAS' order, or text precedes the first: {found}")
    pieces = {SUMMARY: summary}
    for i, (position, title) in enumerate(positions):
        end = positions[i + 1][0] - 1 if i + 1 < len(positions) else len(rest)  # joined by "\n"
        body = rest[position:end]
        head = f"## {title}\n\n"
        if not body.startswith(head) or not body.endswith("\n"):
            sys.exit(f"{OUTPUT}: section '{title}' must start with its heading and a blank line")
        area = AREAS[titles.index(title)][0]
        path = os.path.join("Benchmarks", f"RESULTS-{area}.md")
        old = read(path) if os.path.exists(path) else ""
        first = old.split("\n", 1)[0] if old.startswith("# ") else f"# {title}"
        pieces[path] = first + "\n" + shift_headings(body[len(head):-1], -1) + "\n"
    for path, piece in pieces.items():
        if not os.path.exists(path) or read(path) != piece:
            write(path, piece)
            print(f"wrote {path}")
    if assemble() != text:
        sys.exit(f"{OUTPUT}: the pieces written do not assemble back into it byte for byte (blank lines at the end "
                 "of a section, or a heading inside an indented block?); run --check to see where")


def main():
    if "--split" in sys.argv[1:]:
        split()
        return
    text = assemble()
    if "--check" in sys.argv[1:]:
        current = read(OUTPUT)
        if current != text:
            diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), f"{OUTPUT} (as it is)",
                                        f"{OUTPUT} (from Benchmarks/RESULTS-*.md)", n=1)
            sys.stdout.writelines(list(diff)[:200])
            sys.exit(f"{OUTPUT} has drifted from Benchmarks/RESULTS-*.md: edit the pieces and run "
                     "`python3 Benchmarks/assemble.py`, or, to keep hand edits, `python3 Benchmarks/assemble.py --split`")
        print(f"{OUTPUT}: matches Benchmarks/RESULTS-*.md")
        return
    write(OUTPUT, text)
    print(f"{OUTPUT}: written from {SUMMARY} and {sum(os.path.exists(f'Benchmarks/RESULTS-{a}.md') for a, _, _ in AREAS)} areas")


if __name__ == "__main__":
    main()
