#!/usr/bin/env python3
"""Prints the module import graph of a crate's src/ and fails on a cycle.

Usage: scripts/module-graph.py registry/src [--dot]

A module is a file (`a/b.rs` or `a/b/mod.rs` is `a::b`). An edge A -> B is
any `crate::B...` path in A outside its `#[cfg(test)] mod tests`. Edges from
a module to its own ancestors' re-exports (`super::`) are not counted.
"""
import os, re, sys

root = sys.argv[1]
mods = {}
for dirpath, _, files in os.walk(root):
    for name in files:
        if not name.endswith('.rs'):
            continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, root)[:-3].split(os.sep)
        if rel[-1] in ('mod', 'lib', 'main'):
            rel = rel[:-1]
        mods['::'.join(rel) or 'crate'] = path

def resolve(parts):
    # the longest known module prefix of a crate:: path
    for n in range(len(parts), 0, -1):
        cand = '::'.join(parts[:n])
        if cand in mods:
            return cand
    return None

edges = {m: set() for m in mods}
for mod, path in mods.items():
    text = open(path).read()
    cut = text.find('#[cfg(test)]\nmod tests')
    if cut >= 0:
        text = text[:cut]
    text = re.sub(r'//.*', '', text)
    # macro bodies name `$crate::…` for their callers; calls of root functions
    # such as `crate::check()` are not module paths
    text = text.replace('$crate::', '$c::')
    text = re.sub(r'crate::[a-z_]+\(', '', text)
    # expand `use crate::{a::b, c}` groups one level
    for group in re.findall(r'crate::\{([^}]*)\}', text):
        for item in group.split(','):
            item = item.strip()
            if item:
                text += '\ncrate::' + item
    for m in re.findall(r'crate::((?:[A-Za-z_][A-Za-z0-9_]*::)*[A-Za-z_][A-Za-z0-9_]*)', text):
        target = resolve(m.split('::'))
        if target and target != mod and target != 'crate' and not mod.startswith(target + '::') and not target.startswith(mod + '::'):
            edges[mod].add(target)

# Tarjan
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(edges):
    if v not in index:
        strong(v)
for mod in sorted(edges):
    print(f"{mod} -> {', '.join(sorted(edges[mod])) or '-'}")
if sccs:
    for comp in sccs:
        print("cycle:", " <-> ".join(comp), file=sys.stderr)
    sys.exit(1)
print("no import cycle", file=sys.stderr)
