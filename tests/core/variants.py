"""Variants of real record files: the shapes PFOCR files take besides the common one."""

from __future__ import annotations


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def bom(raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw


def no_final_newline(raw: bytes) -> bytes:
    return raw.rstrip(b"\r\n")


def with_body(raw: bytes) -> bytes:
    return raw + b"\nA *Markdown* body, kept verbatim.\n\n- a list item  \n\ttabbed\n"


def with_comments(raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    out = [lines[0], b"# a comment at the top", b""]
    for line in lines[1:]:
        out.append(line)
        if line.startswith(b"schema-jsonld:"):
            out.append(b"  # a nested comment")
        if line.startswith(b"pmcid:"):
            out[-1] = line + b"  # trailing comment"
            out.append(b"")
    return b"\n".join(out)


def indented_lists(raw: bytes) -> bytes:
    """Top-level lists written "  - item" (indented) instead of "- item"."""
    out, in_seq = [], False
    for line in raw.split(b"\n"):
        if line.startswith(b"- "):
            in_seq = True
            line = b"  " + line
        elif in_seq and line.startswith(b"  "):
            line = b"  " + line
        elif line[:1] not in (b" ", b"-"):
            in_seq = False
        out.append(line)
    return b"\n".join(out)


VARIANTS = {
    "plain": lambda raw: raw,
    "crlf": crlf,
    "bom": bom,
    "no-final-newline": no_final_newline,
    "body": with_body,
    "comments": with_comments,
    "indented-lists": indented_lists,
    "crlf-bom-body": lambda raw: bom(crlf(with_body(raw))),
}
