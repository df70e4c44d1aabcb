"""The app state a page's scripts hold in other shapes than one JSON script: JavaScript that
assigns a JSON object (Arc XP's `Fusion.globalContent = {…}`, `window.__INITIAL_STATE__ =
{…}` or `= JSON.parse("…")`), Nuxt 2's `window.__NUXT__ = (function(a, b){return {…}}(…))`,
the Next.js app router's `self.__next_f.push([1, "…"])` chunks, Angular's TransferState
before 16 (`&q;`-escaped JSON) and Astro's island props. Each is read only when its text
says one of the words asked for, and none beyond MAX_STATE_CHARS."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

MAX_STATE_CHARS = 1_000_000  # a bigger state holds far more than one article's page
MAX_DEPTH = 12
_DECODER = json.JSONDecoder()

# `X = {"…` or `X={"…`: a JSON object's first key follows (a JavaScript literal's is bare).
_ASSIGNED_JSON = re.compile(r"(?<![=!<>])=\s*(?=\{\s*\")")
_PARSED_JSON = re.compile(r"JSON\.parse\(\s*(?=\")")
_NEXT_F = re.compile(r"self\.__next_f\.push\(\s*(?=\[)")
_NUXT2 = re.compile(r"__NUXT__\s*=\s*\(?\s*function\s*\(([\w$,\s]*)\)\s*\{\s*return\s*")
# Angular's TransferState before 16 escaped the JSON's characters for HTML its own way.
_ANGULAR_ESCAPES = (("&q;", '"'), ("&s;", "'"), ("&l;", "<"), ("&g;", ">"), ("&a;", "&"))


def script_states(text: str) -> Iterator[Any]:
    """The states a JavaScript script's text assigns."""
    for match in _ASSIGNED_JSON.finditer(text):
        state = _decoded(text, match.end())
        if isinstance(state, dict):
            yield state
    for match in _PARSED_JSON.finditer(text):
        inner = _decoded(text, match.end())
        if isinstance(inner, str):
            state = _decoded(inner, 0)
            if isinstance(state, dict | list):
                yield state
    if "__NUXT__" in text:
        state = _nuxt2(text)
        if state is not None:
            yield state


def angular_state(text: str) -> Any:
    """Angular's TransferState as written before version 16 (None if it is not one)."""
    if "&q;" not in text:
        return None
    for escaped, plain in _ANGULAR_ESCAPES:
        text = text.replace(escaped, plain)
    return _decoded(text, 0)


def _decoded(text: str, start: int) -> Any:
    try:
        return _DECODER.raw_decode(text, start)[0]
    except ValueError:
        return None


def flight_states(scripts: list[str]) -> Iterator[Any]:
    """The JSON rows of the Next.js app router's payload (React's flight format), which its
    scripts push in string chunks, a text row's reference ("$5") replaced by its text."""
    chunks = []
    for text in scripts:
        for match in _NEXT_F.finditer(text):
            pushed = _decoded(text, match.end())
            if isinstance(pushed, list) and len(pushed) > 1 and isinstance(pushed[1], str):
                chunks.append(pushed[1])
    payload = "".join(chunks)
    if not payload or len(payload) > MAX_STATE_CHARS:
        return
    texts, rows = _flight_rows(payload)
    for row in rows:
        yield _substituted(row, "$", lambda v: texts.get(v[1:], v), MAX_DEPTH + 1) if texts else row


# A row: its hex id, then "T<hex byte length>," and that many bytes of text, or a tag's
# capital letters (I: a module, HL: a hint) and a line of JSON.
_ROW = re.compile(r"([0-9a-f]+):(?:T([0-9a-f]+),|([A-Z]*))")


def _flight_rows(payload: str) -> tuple[dict[str, str], list[Any]]:
    texts: dict[str, str] = {}
    rows: list[Any] = []
    pos = 0
    while pos < len(payload):
        match = _ROW.match(payload, pos)
        end = payload.find("\n", pos)
        end = len(payload) if end < 0 else end
        if match and match.group(2):
            size = int(match.group(2), 16)
            start = match.end()
            text = payload[start : start + size].encode()[:size].decode(errors="ignore")
            texts[match.group(1)] = text
            pos = start + len(text)
            continue
        if match and not match.group(3) and payload[match.end() : match.end() + 1] in "[{":
            row = _decoded(payload[:end], match.end())
            if row is not None:
                rows.append(row)
        pos = end + 1
    return texts, rows


def _substituted(value: Any, mark: str, swap: Callable[[str], Any], room: int) -> Any:
    """The value with every string that opens with mark swapped (a text row's "$id", a
    parameter's name), room levels deep."""
    if isinstance(value, str) and value.startswith(mark):
        return swap(value)
    if room <= 0:
        return value
    if isinstance(value, dict):
        return {k: _substituted(v, mark, swap, room - 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_substituted(v, mark, swap, room - 1) for v in value]
    return value


def astro_props(props: str) -> Any:
    """An Astro island's props: each value written as [type, value] (0 a plain value or an
    object of such pairs, 1 a list of them; others, dates and the like, as written)."""
    return _astro_value(_decoded(props, 0), 0)


def _astro_value(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {k: _astro_value(v, depth + 1) for k, v in value.items()}
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return value
    kind, inner = value
    if kind == 0 and isinstance(inner, dict):
        return _astro_value(inner, depth + 1)
    if kind == 1 and isinstance(inner, list):
        return [_astro_value(v, depth + 1) for v in inner]
    return inner


# Nuxt 2's state is a JavaScript function's literal: bare keys, parameters for repeated
# values. Read token by token into JSON; anything else (a `new Date(…)`) gives up.
_JS_TOKEN = re.compile(
    r'\s*(?:("(?:[^"\\]|\\.)*")|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([A-Za-z_$][\w$]*)'
    r"|([{}\[\]:,()]))",
    re.DOTALL,
)
_JS_WORDS = {"true": "true", "false": "false", "null": "null", "undefined": "null"}


def _nuxt2(text: str) -> Any:
    head = _NUXT2.search(text)
    if not head:
        return None
    params = [p.strip() for p in head.group(1).split(",") if p.strip()]
    body, pos = _js_literal(text, head.end())
    if body is None:
        return None
    # "}}(" then the arguments, or "}})(": the call that gives the parameters their values.
    call = re.compile(r"\s*\}\s*\)?\s*\(").match(text, pos)
    args, _ = _js_literal(text, call.end() - 1) if call else (None, 0)
    values = dict(zip(params, json.loads(args), strict=False)) if args else {}
    try:
        state = json.loads(body)
        if not values:
            return state
        return _substituted(state, _PARAM, lambda v: values.get(v[1:]), MAX_DEPTH + 5)
    except ValueError:
        return None


_PARAM = "\x00"  # marks a parameter's name in the JSON built


def _js_literal(text: str, pos: int) -> tuple[str | None, int]:
    """JSON for the JavaScript literal at pos (a parameter's name as "\\x00name"; an
    argument list in parentheses as a list), and where it ends; None where it is no literal
    of JSON's kinds."""
    out: list[str] = []
    depth = 0
    prev = ""
    while pos < len(text) and len(out) < MAX_STATE_CHARS:
        match = _JS_TOKEN.match(text, pos)
        if not match:
            return None, pos
        pos = match.end()
        string, number, word, punct = match.groups()
        if word:
            nxt = _JS_TOKEN.match(text, pos)
            if nxt and nxt.group(4) == ":" and prev in "{,":
                out.append(json.dumps(word))
            elif word == "void":
                out.append("null")
                pos = nxt.end() if nxt else pos  # void 0
            else:
                out.append(_JS_WORDS.get(word) or json.dumps(_PARAM + word))
        elif punct:
            if punct in "([{":
                depth += 1
                out.append("[" if punct == "(" else punct)
            elif punct in ")]}":
                depth -= 1
                out.append("]" if punct == ")" else punct)
            else:
                out.append(punct)
            if depth == 0:
                return "".join(out), pos
        else:
            out.append(string or number)
        prev = punct or ""
    return None, pos
