#!/usr/bin/env python3
"""Checks the architecture the README draws, and fails (exit 1) where the code disagrees.

1. Crates: each workspace crate may depend only on the crates its layer allows (the compiler
   then enforces the rest), and the pure crates stay free of I/O frameworks.
2. Modules: in every crate, the top-level modules (files and folders directly under src/)
   form layers. A module may use modules of its own layer or below, never above, and no two
   modules may reach each other through any chain (no cycle).

A module's uses are read from its text: every `crate::name` path, including `use crate::{a,
b}` groups. Comments, string literals and `#[cfg(test)]` modules (tests may reach anywhere)
are ignored.

Usage: scripts/check-layers.py            (from anywhere in the repository)
"""
from __future__ import annotations

import os
import re
import sys
import tomllib
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Crate layers, bottom first: a crate may depend on portal crates listed for it only.
CRATES = {
    "portal-i18n": {"path": "i18n", "may_use": []},
    "portal-types": {"path": "server/types", "may_use": ["portal-i18n"]},
    "portal-credentials": {"path": "credentials", "may_use": []},
    "portal-domain": {"path": "server/domain", "may_use": ["portal-i18n", "portal-types"]},
    "portal-storage": {"path": "server/storage", "may_use": ["portal-domain", "portal-i18n", "portal-types"]},
    "portal-mail": {"path": "server/mail", "may_use": ["portal-domain", "portal-i18n", "portal-types"]},
    "portal-core": {
        "path": "server/core",
        "may_use": ["portal-domain", "portal-storage", "portal-mail", "portal-credentials", "portal-i18n", "portal-types"],
    },
    "portal-web": {
        "path": "server/web",
        "may_use": ["portal-core", "portal-domain", "portal-storage", "portal-mail", "portal-credentials", "portal-i18n", "portal-types"],
    },
    "portal-testkit": {
        "path": "server/testkit",
        "may_use": ["portal-core", "portal-credentials", "portal-domain", "portal-storage", "portal-i18n", "portal-types"],
    },
    "app": {
        "path": "app",
        "may_use": ["portal-web", "portal-core", "portal-domain", "portal-storage", "portal-mail", "portal-credentials", "portal-i18n", "portal-types"],
    },
}

# Frameworks that do I/O or serve HTTP, by crate: none of these may appear in its
# [dependencies].
FORBIDDEN = {
    "portal-i18n": ["sqlx", "axum", "tokio", "lettre", "leptos"],
    "portal-types": ["sqlx", "axum", "tokio", "lettre", "leptos", "chrono"],
    "portal-credentials": ["sqlx", "axum", "tokio", "lettre", "leptos", "reqwest"],
    "portal-domain": ["sqlx", "axum", "tokio", "lettre", "leptos", "reqwest"],
    "portal-storage": ["axum", "lettre", "leptos", "webauthn-rs"],
    "portal-mail": ["sqlx", "axum", "leptos"],
    "portal-core": ["axum", "leptos", "tower", "tower-http", "http"],
    "portal-web": ["leptos", "leptos_axum"],
}

# Module layers per crate (source folder), bottom first. Modules of the same layer may use each
# other as long as no cycle forms; a module missing from the table is an error, so a new module
# is placed on purpose.
LAYERS = {
    "credentials/src": [
        ["error"],
        ["base45", "keys", "jws_shape", "rdf_canon"],
        ["model", "jwt"],
        ["data_integrity"],
        ["did"],
        ["jcs", "jose", "status", "rdfc", "sd_jwt", "oid4vci"],
        ["qr", "sd_jwt_vc", "oid4vp"],
        ["verify"],
        ["verdict", "offline"],
    ],
    "i18n/src": [],
    "server/types/src": [
        ["label", "code_serde", "names_data"],
        ["validation"],
        ["appointments", "country", "credential", "language", "person", "requests", "staff"],
    ],
    "server/domain/src": [
        ["clock", "country", "document", "household", "ics", "invitation", "office", "tokens", "person", "staff", "appointments", "delegation", "search", "reports", "wallet"],
        ["audit", "credential", "session", "requests", "quality"],
        ["policy"],
    ],
    "server/storage/src": [
        ["db", "files"],
        ["accounts", "audit_files", "documents", "keys"],
        ["api_tokens", "appointments", "audit", "credentials", "delegations", "drafts", "feedback", "invitations", "issuer_keys", "notifications", "passkeys", "people", "quality", "reports", "requests", "sessions", "staff", "wallet_offers", "backup", "shared", "jobs", "changes"],
    ],
    "server/mail/src": [["sms"], ["templates"]],
    "server/core/src": [
        ["error", "work", "stop"],
        ["config", "context", "telemetry"],
        ["access", "import", "auth", "quality", "news", "help"],
        ["credentials", "booking", "admin", "trusted", "export"],
        ["backup"],
        ["requests", "drafts", "reports"],
        ["people"],
        ["mydata"],
        ["seed", "jobs"],
    ],
    "server/web/src": [
        ["error", "problem", "csrf", "rate_limit", "forwarded", "listed", "schemas"],
        ["session", "forms", "health"],
        ["extract", "gate", "drafts"],
        ["language"],
        ["account", "admin", "appointments", "auth", "credentials", "help", "messages", "mydata", "people", "quality", "reports", "requests", "trusted", "vc_api", "oid4vci", "oid4vp", "metrics"],
        ["openapi"],
    ],
    "server/testkit/src": [["db", "passkey", "sms", "smtp"], ["world"], ["flow"]],
    "app/src": [
        ["i18n", "server"],
        ["labels", "api"],
        ["components"],
        ["pages"],
        ["app"],
        ["host"],
    ],
}


def drop_test_modules(text: str) -> str:
    """Removes each `#[cfg(test)] mod name { … }` by counting braces."""
    out, pos = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", text):
        if m.start() < pos:
            continue
        out.append(text[pos : m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        pos = j
    out.append(text[pos:])
    return "".join(out)


# Comments, string literals and character literals, found in one left-to-right pass so that a
# `//` inside a string (a URL) or a quote inside a comment cannot hide or invent code.
TOKENS = re.compile(
    r"""(?P<comment>/\*.*?\*/|//[^\n]*)
      | (?P<raw>b?r(?P<hashes>\#*)".*?"(?P=hashes))
      | (?P<string>b?"(?:\\.|[^"\\])*")
      | (?P<char>b?'(?:\\.|[^'\\\n])')""",
    re.S | re.X,
)


def strip(text: str) -> str:
    """Drops comments and string literals (so a path in prose does not count)."""

    def blank(m: re.Match[str]) -> str:
        if m.group("comment"):
            return ""
        return "' '" if m.group("char") else '""'

    return drop_test_modules(TOKENS.sub(blank, text))


def modules(src: str) -> set[str]:
    found = set()
    for name in os.listdir(src):
        full = os.path.join(src, name)
        if name in ("lib.rs", "main.rs") or name.startswith("."):
            continue
        if name.endswith(".rs"):
            found.add(name[:-3])
        elif os.path.isdir(full) and name != "bin":
            found.add(name)
    return found


def uses(src: str, mods: set[str]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(root, f), src).split(os.sep)
            top = rel[0][:-3] if rel[0].endswith(".rs") else rel[0]
            if top not in mods:
                continue
            with open(os.path.join(root, f), encoding="utf-8") as handle:
                text = strip(handle.read())
            names = set(re.findall(r"\bcrate::(\w+)", text))
            for group in re.findall(r"\bcrate::\{([^}]*)\}", text):
                names |= set(re.findall(r"(?:^|,)\s*(\w+)", group))
            edges[top] |= {n for n in names if n in mods and n != top}
    return edges


def cycles(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def check_crates() -> list[str]:
    problems = []
    for name, rule in CRATES.items():
        with open(os.path.join(ROOT, rule["path"], "Cargo.toml"), "rb") as handle:
            manifest = tomllib.load(handle)
        if manifest.get("package", {}).get("name") != name:
            problems.append(f"{rule['path']}/Cargo.toml: expected package {name}")
        deps = set(manifest.get("dependencies", {}))
        for dep in sorted(d for d in deps if d.startswith("portal-") or d == "app"):
            if dep not in rule["may_use"]:
                problems.append(f"crate {name} depends on {dep}, above or beside its layer")
        for dep in sorted(deps & set(FORBIDDEN.get(name, []))):
            problems.append(f"crate {name} depends on {dep}, which its layer must not use")
    return problems


def check_modules() -> list[str]:
    problems = []
    for src, layers in LAYERS.items():
        full = os.path.join(ROOT, src)
        mods = modules(full)
        level = {m: i for i, layer in enumerate(layers) for m in layer}
        for m in sorted(mods - set(level)):
            problems.append(f"{src}: module {m} has no layer in scripts/check-layers.py")
        for m in sorted(set(level) - mods):
            problems.append(f"{src}: layer table names {m}, which does not exist")
        edges = uses(full, mods)
        for m, targets in sorted(edges.items()):
            for t in sorted(targets):
                if m in level and t in level and level[t] > level[m]:
                    problems.append(f"{src}: {m} (layer {level[m]}) uses {t} (layer {level[t]}), a layer above it")
        for component in cycles(mods, edges):
            problems.append(f"{src}: modules reach each other in a cycle: {', '.join(component)}")
    return problems


def self_test() -> None:
    """The checker must be able to fail: a made-up crate with a cycle and an upward use."""
    import tempfile

    with tempfile.TemporaryDirectory() as src:
        files = {
            "a.rs": "use crate::b::B; // crate::c in a comment does not count\n",
            "b.rs": 'use crate::{a, c};\nconst S: &str = "crate::c";\n',
            "c.rs": "#[cfg(test)]\nmod tests { use crate::a; }\n",
            "lib.rs": "mod a; mod b; mod c;\n",
        }
        for name, text in files.items():
            with open(os.path.join(src, name), "w", encoding="utf-8") as handle:
                handle.write(text)
        mods = modules(src)
        edges = uses(src, mods)
        assert mods == {"a", "b", "c"}, mods
        edges = {k: v for k, v in edges.items() if v}
        assert edges == {"a": {"b"}, "b": {"a", "c"}}, edges
        assert cycles(mods, edges) == [["a", "b"]], cycles(mods, edges)


def main() -> int:
    self_test()
    problems = check_crates() + check_modules()
    for problem in problems:
        print(f"layers: {problem}")
    if problems:
        print(f"layers: {len(problems)} problem(s); the README's graph and this table must stay true")
        return 1
    print(f"layers: {len(CRATES)} crates and {len(LAYERS)} module graphs follow their layers, no cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
