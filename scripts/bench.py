#!/usr/bin/env python3
"""Runs one benchmark of model-registry and prints its results as Markdown.

Each subcommand is one measurement (scripts/bench-<name>.sh calls it):

    startup     the first check() in a fresh process, K runs per N (time, heap)
    registry    divan: Registry::from_definitions and lookups at 1k/10k/100k
    init        the binary's init sections with 0 and with N models
    size        release binary bytes per registered model
    sqlalchemy  SQLAlchemy declarative registration vs our first check, same N
    compile     cargo check/build seconds: plain structs, derive(Model), sea-orm
    compile-profile  expansion size and rustc's passes for those crates
    compile-breakdown  what each part of the derive's expansion costs cargo check
    coherence   the derive's per-crate uniqueness impls alone, one marker vs 256
    db          create_all (empty, then a no-op) and verify against a fresh
                SQLite file, PostgreSQL and MariaDB database; SQLAlchemy's
                create_all on the same SQLite schema
    smoke       every measurement once at a small N (for CI)

Generated code, builds and the venv go to target/bench-gen/; results are
also written as JSON to target/bench-results/<name>.json.
"""

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
gen = __import__("gen-models")

REPO = gen.REPO
GEN = gen.GEN  # BENCH_GEN_DIR overrides it (see gen-models.py)
RESULTS = REPO / "target" / "bench-results"
# Heavy builds yield to whoever else shares the machine.
NICE = ["nice", "-n", os.environ.get("BENCH_NICE", "10")]


# --- helpers -----------------------------------------------------------------


def log(message: str) -> None:
    print(f"--> {message}", file=sys.stderr, flush=True)


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def cargo_env(root: Path, **extra: str) -> dict:
    """The environment cargo runs with in a generated workspace: its own
    target directory, no colours, and `extra`."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(root / "target"), CARGO_TERM_COLOR="never")
    env.update(extra)
    return env


def cargo(root: Path, args: list, env: dict | None = None) -> dict:
    """Runs cargo in a generated workspace (its own target dir); returns
    {(manifest path, target name, target kind): executable} of what it built."""
    full_env = cargo_env(root, **(env or {}))
    cmd = NICE + ["cargo", *args, "--message-format=json-render-diagnostics"]
    proc = subprocess.run(cmd, cwd=root, env=full_env, stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)} (in {root})")
    built = {}
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            kind = message["target"]["kind"][0]
            built[(message["manifest_path"], message["target"]["name"], kind)] = message["executable"]
    return built


def quantile(sorted_values: list, q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summary(values: list) -> dict:
    values = sorted(values)
    return {
        "median": quantile(values, 0.5),
        "p10": quantile(values, 0.1),
        "p90": quantile(values, 0.9),
        "min": values[0],
        "max": values[-1],
        "n": len(values),
    }


def ns(value: float) -> str:
    """A duration given in nanoseconds, in the unit that reads best."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value:.3g} ns"


def spread(s: dict, fmt=ns) -> str:
    return f"{fmt(s['p10'])} – {fmt(s['p90'])}"


def range_(s: dict, fmt=ns) -> str:
    return f"{fmt(s['min'])} – {fmt(s['max'])}"


def save(name: str, data) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"machine": machine(), "taken": time.strftime("%Y-%m-%d %H:%M:%S"), "results": data}
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
    log(f"results in {RESULTS / (name + '.json')}")


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "rustc": rustc,
        "kernel": platform.release(),
        "load_avg_1m": os.getloadavg()[0],
    }


def table(header: list, rows: list) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def sizes_arg(text: str) -> list:
    return [int(s.replace("_", "")) for s in text.split(",") if s]


# --- startup: the first check() in fresh processes ---------------------------


# Linker flag for relative relocations packed into DT_RELR (GNU ld >= 2.38,
# glibc >= 2.36): the loader applies them from a bitmap instead of one
# 24-byte `R_X86_64_RELATIVE` entry per pointer.
RELR = "-C link-arg=-Wl,-z,pack-relative-relocs"


def build_runners(sizes: list, benches: bool = False, inventory: bool = False, relr: bool = False) -> dict:
    """Generates and builds bench-run-<N> for each size (release); returns
    {N: path of the first-check binary}, or of the divan binary with `benches`.
    With `inventory`, registration goes through inventory's constructors
    (`--cfg model_registry_inventory`); with `relr`, the binaries are linked
    with `-z pack-relative-relocs`. Each variant has a target directory of its
    own."""
    kind = ["--bench", "registry"] if benches else ["--bins"]
    root = gen.startup(sizes)
    env = None
    if inventory or relr:
        flags = " ".join(f for f, on in (("--cfg model_registry_inventory", inventory), (RELR, relr)) if on)
        suffix = "-".join(name for name, on in (("inventory", inventory), ("relr", relr)) if on)
        env = {"RUSTFLAGS": flags, "CARGO_TARGET_DIR": str(root / f"target-{suffix}")}
    return build_sized(root, "bench-run", sizes, kind, "bench" if benches else "bin", env=env)


def build_sized(root: Path, prefix: str, sizes: list, kind: list, want: str, env: dict | None = None) -> dict:
    """Builds `<prefix>-<N>` of the workspace at `root` for each size
    (release); returns {N: path of its `want` ("bin" or "bench") target}."""
    packages = [a for n in sizes for a in ("-p", f"{prefix}-{n}")]
    log(f"building {', '.join(f'{prefix}-{n}' for n in sizes)} (release) in {root}")
    started = time.monotonic()
    built = cargo(root, ["build", "--release", *packages, *kind], env=env)
    log(f"built in {time.monotonic() - started:.0f} s")
    found = {}
    for (manifest, _target, target_kind), exe in built.items():
        match = re.search(r"/runners/n(\d+)/Cargo.toml$", manifest)
        if match and target_kind == want and manifest.startswith(str(root)):
            found[int(match.group(1))] = exe
    # cargo reports fresh artifacts too, so every size is found.
    missing = [n for n in sizes if n not in found]
    if missing:
        sys.exit(f"no {prefix} binary found for sizes {missing}")
    return found


def first_checks(exes: dict, runs: int, heap: bool = False) -> dict:
    """Runs each binary `runs` times, interleaving sizes so that load from
    the rest of the machine falls on every size alike; returns {N: [sample]}.
    With `heap`, the binaries also count the check's allocations (which
    slows the check a little; time runs do not count)."""
    samples = {n: [] for n in exes}
    for _ in range(runs):
        for n, exe in exes.items():
            spawned = time.time_ns()
            out = subprocess.run([exe, *(["--heap"] if heap else [])], capture_output=True, text=True)
            process_ns = time.time_ns() - spawned
            if out.returncode != 0:
                sys.exit(f"{exe} failed:\n{out.stdout}{out.stderr}")
            sample = json.loads(out.stdout)
            # From fork/exec to main: the dynamic loader's work (relocating the
            # pointers in static data) plus a constant cost of starting a process.
            sample["to_main_ns"] = sample["main_started_unix_ns"] - spawned
            sample["process_ns"] = process_ns
            if sample["linked_tables"] != n:
                sys.exit(f"{exe} linked {sample['linked_tables']} tables, expected {n}")
            samples[n].append(sample)
    return samples


def startup(args) -> None:
    sizes = sizes_arg(args.sizes)
    exes = build_runners(sizes, inventory=args.inventory, relr=args.relr)
    log(f"running each first check {args.runs} times, then {args.heap_runs} times counting the heap")
    samples = first_checks(exes, args.runs)
    heap_samples = first_checks(exes, args.heap_runs, heap=True)
    rows, results = [], {}
    for n in sizes:
        s = summary([x["check_ns"] for x in samples[n]])
        kept = summary([x["kept_bytes"] for x in heap_samples[n]])
        peak = summary([x["peak_bytes"] for x in heap_samples[n]])
        allocations = summary([x["allocations"] for x in heap_samples[n]])
        to_main = summary([x["to_main_ns"] for x in samples[n]])
        results[n] = {"check_ns": s, "kept_bytes": kept, "peak_bytes": peak, "allocations": allocations,
                      "to_main_ns": to_main, "samples": samples[n], "heap_samples": heap_samples[n]}
        per_table = f"{ns(s['median'] / n)}" if n else "–"
        rows.append([f"{n:,}", ns(s["median"]), spread(s), range_(s), s["n"], per_table,
                     f"{int(kept['median']):,} B", f"{int(peak['median']):,} B", f"{int(allocations['median']):,}",
                     ns(to_main["median"])])
    mechanism = "inventory (`--cfg model_registry_inventory`)" if args.inventory else "linkme"
    if args.relr:
        mechanism += ", linked with `-z pack-relative-relocs` (DT_RELR)"
    print(f"\nFirst `check()` in a fresh process, registered through {mechanism} ({args.runs} runs per size, "
          f"release; heap columns from {args.heap_runs} run(s) that count allocations):\n")
    print(table(["tables", "median", "p10 – p90", "min – max", "runs", "per table",
                 "heap kept after check", "peak heap during check", "allocations", "exec → main"], rows))
    if 10_000 in results:
        median = results[10_000]["check_ns"]["median"]
        verdict = "met" if median <= 5e6 else "missed"
        print(f"\nTarget: 10,000 tables checked in ≤ 5 ms: {ns(median)} median, {verdict}.")
    save("-".join(["startup", *(["inventory"] if args.inventory else []), *(["relr"] if args.relr else [])]), results)


def interleave(args) -> None:
    """Runs already-built first-check binaries (bench-run-<N>, any build of
    them: another commit, another link) round-robin, so that the machine's
    load falls on each alike, and prints their medians side by side."""
    exes = [Path(exe) for exe in args.exes]
    samples = {exe: [] for exe in exes}
    for _ in range(args.runs):
        for exe in exes:
            spawned = time.time_ns()
            out = subprocess.run([exe], capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"{exe} failed:\n{out.stdout}{out.stderr}")
            sample = json.loads(out.stdout)
            sample["to_main_ns"] = sample["main_started_unix_ns"] - spawned
            samples[exe].append(sample)
    rows = []
    for exe in exes:
        check = summary([x["check_ns"] for x in samples[exe]])
        to_main = summary([x["to_main_ns"] for x in samples[exe]])
        rows.append([f"`{exe}`", f"{samples[exe][0]['linked_tables']:,}", ns(check["median"]), spread(check),
                     ns(to_main["median"]), spread(to_main)])
    print(f"\nFirst `check()`, {args.runs} fresh processes per binary, interleaved:\n")
    print(table(["binary", "tables", "check median", "p10 – p90", "exec → main median", "p10 – p90"], rows))
    save("interleave", {str(exe): samples[exe] for exe in exes})


# --- registry: divan over the linked slice -----------------------------------

DIVAN_ROW = re.compile(r"^[\s│]*[├╰]─ (\S+)\s*(.*)$")


def parse_divan(output: str) -> list:
    """Rows of divan's table: (bench, arg, fastest, slowest, median, mean, samples, iters)."""

    def duration(text: str) -> float:
        value, unit = text.split()
        return float(value) * {"ns": 1, "µs": 1e3, "ms": 1e6, "s": 1e9}[unit]

    rows, bench = [], None
    for line in output.splitlines():
        match = DIVAN_ROW.match(line)
        if not match:
            continue
        name, rest = match.groups()
        cells = [c.strip() for c in rest.split("│")]
        if not cells[0]:
            bench = name
            continue
        rows.append({
            "bench": bench,
            "arg": int(name),
            "fastest_ns": duration(cells[0]),
            "slowest_ns": duration(cells[1]),
            "median_ns": duration(cells[2]),
            "mean_ns": duration(cells[3]),
            "samples": int(cells[4]),
            "iters": int(cells[5]),
        })
    return rows


def registry(args) -> None:
    n = args.tables
    exe = build_runners([n], benches=True)[n]
    log(f"running {exe} --bench")
    out = run([exe, "--bench", *args.divan_args], stdout=subprocess.PIPE, text=True).stdout
    print(out, file=sys.stderr)
    rows = parse_divan(out)
    if not rows:
        sys.exit("no divan results parsed")
    print(f"\ndivan, {n:,} generated models linked; each row uses the first `tables` of them:\n")
    print(table(["benchmark", "tables", "median", "fastest – slowest", "mean", "samples × iters"],
                [[r["bench"], f"{r['arg']:,}", ns(r["median_ns"]), f"{ns(r['fastest_ns'])} – {ns(r['slowest_ns'])}",
                  ns(r["mean_ns"]), f"{r['samples']} × {r['iters']}"] for r in rows]))
    for bench in ("lookup", "lookup_same_table"):
        lookups = sorted((r["arg"], r["median_ns"]) for r in rows if r["bench"] == bench)
        if len(lookups) > 1 and lookups[0][0] > 1:
            (n0, t0), (n1, t1) = lookups[0], lookups[-1]
            print(f"\n`{bench}` at {n1:,} / at {n0:,} tables: {t1 / t0:.2f}× "
                  f"(log2 n grows {math.log2(n1) / math.log2(n0):.2f}×, n grows {n1 / n0:.0f}×).")
    save("registry", {"tables_linked": n, "rows": rows})


# --- init: nothing runs before main ------------------------------------------

INIT_SECTIONS = (".preinit_array", ".init_array", ".ctors", ".init", ".fini_array")


def sections(exe: str) -> dict:
    """{section name: size in bytes} from `readelf -SW`."""
    out = run(["readelf", "-SW", exe], stdout=subprocess.PIPE, text=True).stdout
    found = {}
    for line in out.splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if match:
            found[match.group(1)] = int(match.group(2), 16)
    return found


def relative_relocations(exe: str) -> int:
    """RELACOUNT from `readelf -d`: the pointers ld.so fixes up before `main`."""
    out = run(["readelf", "-dW", exe], stdout=subprocess.PIPE, text=True).stdout
    match = re.search(r"\(RELACOUNT\)\s+(\d+)", out)
    return int(match.group(1)) if match else 0


def init(args) -> None:
    sizes = sizes_arg(args.sizes)
    exes = build_runners(sizes)
    samples = first_checks(exes, args.runs)
    rows, results = [], {}
    for n in sizes:
        found = sections(exes[n])
        first = samples[n][0]
        linkme = found.get("linkme_MODEL_REGISTRY_0_1_TABLES", 0)
        relocations = relative_relocations(exes[n])
        to_main = summary([x["to_main_ns"] for x in samples[n]])
        results[n] = {"sections": found, "relative_relocations": relocations, "to_main_ns": to_main,
                      "allocations_before_main": [x["allocations_before_main"] for x in samples[n]],
                      "check_runs_before_main": [x["check_runs_before_main"] for x in samples[n]]}
        rows.append([f"{n:,}"] + [f"{found[s]} B" if s in found else "absent" for s in INIT_SECTIONS]
                    + [f"{linkme:,} B", first["allocations_before_main"], first["check_runs_before_main"],
                       f"{relocations:,}", f"{ns(to_main['median'])} ({range_(to_main)})"])
    print("\nInit sections of the release binaries (`readelf -SW`), and what had happened when `main` started "
          f"({args.runs} runs each):\n")
    print(table(["models", *(f"`{s}`" for s in INIT_SECTIONS), "`linkme_…_TABLES` (the registrations)",
                 "allocations before main", "check runs before main", "relative relocations (`RELACOUNT`)",
                 "exec → main, median (min – max)"], rows))
    init_sizes = {n: results[n]["sections"].get(".init_array") for n in sizes}
    same = len(set(init_sizes.values())) == 1
    print(f"\n`.init_array` is {'the same size' if same else 'NOT the same size'} in every binary: "
          + ", ".join(f"{n:,} models: {v} B" for n, v in init_sizes.items()))
    save("init", results)
    if not same:
        sys.exit(1)


# --- size: bytes per registered model ----------------------------------------


def size(args) -> None:
    sizes = sizes_arg(args.sizes)
    exes = build_runners(sizes)
    stripped_dir = GEN / "stripped"
    stripped_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in sizes:
        stripped = stripped_dir / f"bench-run-{n}"
        run(["strip", "-o", stripped, exes[n]])
        results[n] = {"unstripped": os.stat(exes[n]).st_size, "stripped": os.stat(stripped).st_size}
        results[n]["sections"] = sections(str(stripped))
    base = sizes[0]
    rows = []
    for n in sizes:
        r = results[n]
        per = lambda key: f"{(r[key] - results[base][key]) / (n - base):,.0f} B" if n != base else "–"
        rows.append([f"{n:,}", f"{r['unstripped']:,}", per("unstripped"), f"{r['stripped']:,}", per("stripped")])
    print(f"\nRelease binary size (`stat -c %s`; stripped with `strip`), per model over {base:,} models:\n")
    print(table(["models", "unstripped bytes", "per model", "stripped bytes", "per model"], rows))
    largest = sizes[-1]
    if largest != base:
        grown = {name: (size_ - results[base]["sections"].get(name, 0)) / (largest - base)
                 for name, size_ in results[largest]["sections"].items()}
        grown = sorted(((k, v) for k, v in grown.items() if v >= 1), key=lambda kv: -kv[1])
        print(f"\nWhere the stripped bytes per model go ({base:,} → {largest:,} models, `readelf -SW`):\n")
        print(table(["section", "bytes per model"], [[f"`{k}`", f"{v:,.0f}"] for k, v in grown]))
    save("size", results)


# --- sqlalchemy: the same N on SQLAlchemy ------------------------------------


def venv_python() -> tuple:
    """The venv's python, with SQLAlchemy 2.x installed, and that version.

    The venv is made without pip (no `ensurepip`, which has failed on a CI
    machine), and SQLAlchemy goes into it through this interpreter's own pip
    (`pip --python`, pip >= 22.3).
    """
    venv = GEN / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        log(f"creating {venv}")
        run([sys.executable, "-m", "venv", "--clear", "--without-pip", venv])
    version = lambda: subprocess.run([python, "-c", "import sqlalchemy; print(sqlalchemy.__version__)"],
                                     capture_output=True, text=True).stdout.strip()
    if not version().startswith("2."):
        log("pip install 'sqlalchemy>=2,<3'")
        run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
             "--disable-pip-version-check", "sqlalchemy>=2,<3"])
    if not version().startswith("2."):
        sys.exit(f"SQLAlchemy 2.x is not importable from {python} after pip install")
    return python, version()


def sqlalchemy(args) -> None:
    sizes = sizes_arg(args.sizes)
    python, version = venv_python()
    exes = build_runners([0, *sizes])
    script = REPO / "scripts" / "sqlalchemy_registration.py"
    # The loader's share: exec -> main with no models, to subtract below.
    baseline = summary([x["to_main_ns"] for x in first_checks({0: exes[0]}, args.rust_runs)[0]])["median"]
    results = {}
    for n in sizes:
        log(f"SQLAlchemy {version}: {n:,} classes, {args.runs} runs")
        py = []
        for _ in range(args.runs):
            out = run([python, script, str(n)], stdout=subprocess.PIPE, text=True).stdout
            py.append(json.loads(out))
        log(f"model-registry: {n:,} tables, {args.rust_runs} runs")
        ours = first_checks({n: exes[n]}, args.rust_runs)[n]
        loader = max(0.0, summary([x["to_main_ns"] for x in ours])["median"] - baseline)
        results[n] = {
            "sqlalchemy_ns": summary([x["total_ns"] for x in py]),
            "sqlalchemy_classes_ns": summary([x["classes_ns"] for x in py]),
            "sqlalchemy_configure_ns": summary([x["configure_ns"] for x in py]),
            "ours_ns": summary([x["check_ns"] for x in ours]),
            "ours_loader_ns": loader,
            "sqlalchemy_samples": py,
        }
    rows = []
    for n in sizes:
        r = results[n]
        ratio = r["sqlalchemy_ns"]["median"] / r["ours_ns"]["median"]
        with_loader = r["sqlalchemy_ns"]["median"] / (r["ours_ns"]["median"] + r["ours_loader_ns"])
        r["ratio"], r["ratio_with_loader"] = ratio, with_loader
        rows.append([f"{n:,}", ns(r["sqlalchemy_ns"]["median"]), range_(r["sqlalchemy_ns"]),
                     f"{ns(r['sqlalchemy_classes_ns']['median'])} + {ns(r['sqlalchemy_configure_ns']['median'])}",
                     ns(r["ours_ns"]["median"]), range_(r["ours_ns"]), f"{ratio:,.0f}×",
                     ns(r["ours_loader_ns"]), f"{with_loader:,.0f}×"])
    print(f"\nRegistering N tables: SQLAlchemy {version} declarative classes on one `DeclarativeBase` "
          f"(class creation + `configure_mappers()`, {args.runs} fresh processes) vs model-registry's "
          f"first `check()` ({args.rust_runs} fresh processes), same run. The last two columns add, to "
          f"our side, the time the dynamic loader spends before `main` relocating the models' pointers "
          f"(exec → main, median, minus the same with 0 models):\n")
    print(table(["tables", "SQLAlchemy median", "min – max", "classes + configure_mappers",
                 "model-registry median", "min – max", "ratio", "+ loader", "ratio incl. loader"], rows))
    if 10_000 in results:
        ratio = results[10_000]["ratio"]
        print(f"\nTarget: ≥ 1,000× at 10,000: {ratio:,.0f}×, {'met' if ratio >= 1000 else 'missed'} "
              f"({results[10_000]['ratio_with_loader']:,.0f}× counting the loader's relocations).")
    save("sqlalchemy", {"sqlalchemy_version": version, "by_size": results})


# --- compile: cost per model --------------------------------------------------


def timed_build(mode: str, name: str, cwd: Path, env: dict) -> tuple:
    """(wall seconds, CPU seconds) of `cargo <mode> -p <name>` from clean.
    CPU is user + system time of cargo and the rustc it runs: unlike wall
    time, it barely moves when other work shares the machine. Retried (at
    most 3 times) when cargo rebuilt anything besides that crate, which would
    not be the crate's own cost."""
    for _ in range(3):
        run(["cargo", "clean", "--quiet", "-p", name], cwd=cwd, env=env)
        cmd = NICE + ["cargo", mode, "-p", name, "--message-format=json"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        elapsed = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
        rebuilt = {json.loads(line)["target"]["name"] for line in proc.stdout.splitlines()
                   if '"compiler-artifact"' in line and not json.loads(line)["fresh"]}
        others = rebuilt - {name.replace("-", "_")}
        if not others:
            return elapsed, cpu
        log(f"cargo {mode} -p {name} also rebuilt {sorted(others)}; timing it again")
    sys.exit(f"cargo {mode} -p {name} keeps rebuilding other crates")


def compile_(args) -> None:
    sizes = sizes_arg(args.sizes)
    variants = args.variants.split(",")
    root = gen.compile_workspace(sizes, variants)
    env = cargo_env(root)
    # Dependencies first, in both modes, so each timed build compiles only its own crate.
    log(f"prebuilding every crate and its dependencies in {root}")
    for mode in ("check", "build"):
        cargo(root, [mode, "--workspace"])
    crates = [(variant, n) for n in sizes for variant in variants]
    clocks = ("wall", "cpu")
    times = {(v, n): {(mode, c): [] for mode in ("check", "build") for c in clocks} for v, n in crates}
    for rep in range(args.runs):
        # Interleaved, so load from the rest of the machine falls on every variant alike.
        for variant, n in crates:
            name = gen.compile_crate_name(variant, n)
            for mode in ("check", "build"):
                wall, cpu = timed_build(mode, name, root, env)
                times[(variant, n)][(mode, "wall")].append(wall)
                times[(variant, n)][(mode, "cpu")].append(cpu)
                log(f"run {rep + 1}/{args.runs}: cargo {mode} -p {name}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    results = {f"{v}-{n}": {f"{mode}-{c}": summary(t) for (mode, c), t in modes.items()}
               for (v, n), modes in times.items()}
    secs = lambda x: f"{x:.2f} s"
    med = lambda v, n, key: results.get(f"{v}-{n}", {}).get(key, {}).get("median")
    print(f"\nCompile time of one crate of N models, 5 columns each, from clean "
          f"(dependencies prebuilt; {args.runs} runs; `cargo check` / `cargo build`, dev profile; "
          f"CPU = user + system time of cargo and rustc):\n")
    rows = []
    for n in sizes:
        for mode in ("check", "build"):
            for variant in variants:
                wall, cpu = results[f"{variant}-{n}"][f"{mode}-wall"], results[f"{variant}-{n}"][f"{mode}-cpu"]
                over = []
                for c in clocks:
                    base = med("plain", n, f"{mode}-{c}")
                    over.append(f"{(med(variant, n, f'{mode}-{c}') - base) / n * 1000:.2f} ms"
                                if base is not None and variant != "plain" else "–")
                rows.append([f"{n:,}", f"`cargo {mode}`", variant, secs(wall["median"]), range_(wall, secs),
                             secs(cpu["median"]), range_(cpu, secs), *over])
    print(table(["models", "command", "variant", "wall median", "wall min – max", "CPU median", "CPU min – max",
                 "per model over plain (wall)", "per model over plain (CPU)"], rows))
    verdicts = []
    for n in sizes:
        for mode in ("check", "build"):
            for c in clocks:
                plain, ours = (med(v, n, f"{mode}-{c}") for v in ("plain", "derive"))
                if plain is None or ours is None:
                    continue
                per = (ours - plain) / n * 1000
                line = (f"{n:,} models, cargo {mode}, {c}: derive(Model) {per:.2f} ms/model over plain "
                        f"({'met' if per <= 3 else 'missed'} ≤ 3 ms)")
                for variant, label in (("seaorm", "sea-orm 1.1"), ("seaorm2", "sea-orm 2.0 with entity-registry")):
                    sea = med(variant, n, f"{mode}-{c}")
                    if sea is None:
                        continue
                    ratio = (sea - plain) / (ours - plain) if ours > plain else float("inf")
                    line += (f"; {label} {(sea - plain) / n * 1000:.1f} ms/model, {ratio:.1f}× ours "
                             f"({'met' if ratio >= 20 else 'missed'} ≥ 20×)")
                    results[f"ratio-{variant}-{n}-{mode}-{c}"] = ratio
                verdicts.append(line)
    if len(sizes) >= 2:
        # The slope between the smallest and largest N: what one more model
        # costs, without the fixed cost of loading the proc macro and the
        # dependencies' metadata (which "per model over plain" spreads over N).
        small, big = sizes[0], sizes[-1]
        for mode in ("check", "build"):
            for c in clocks:
                key = f"{mode}-{c}"
                if med("plain", small, key) is None:
                    continue
                plain_slope = (med("plain", big, key) - med("plain", small, key)) / (big - small)
                slopes = {v: ((med(v, big, key) - med(v, small, key)) / (big - small) - plain_slope) * 1000
                          for v in variants if v != "plain"}
                results[f"marginal-{key}"] = slopes
                verdicts.append(f"marginal cost of one more model ({small:,} → {big:,}), cargo {mode}, {c}, "
                                "over plain: " + ", ".join(f"{v} {ms:.2f} ms" for v, ms in slopes.items()))
    if verdicts:
        print("\nTargets:\n\n" + "\n".join(f"- {v}" for v in verdicts))
    save("compile", results)


def compile_profile(args) -> None:
    """Where a derive crate's compile time goes: the size of its expansion and
    rustc's passes. Uses -Zunpretty and -Ztime-passes, which stable rustc
    accepts only with RUSTC_BOOTSTRAP=1: fine for a one-off profile, never
    for a build anyone ships."""
    sizes = sizes_arg(args.sizes)
    variants = args.variants.split(",")
    root = gen.compile_workspace(sizes, variants)
    env = cargo_env(root, RUSTC_BOOTSTRAP="1")
    cargo(root, ["check", "--workspace"])
    results, rows = {}, []
    for n in sizes:
        for variant in variants:
            name = gen.compile_crate_name(variant, n)
            source = (root / f"{variant}-{n}" / "src" / "lib.rs").read_text()
            expanded = run(NICE + ["cargo", "rustc", "--quiet", "-p", name, "--profile=check", "--",
                                   "-Zunpretty=expanded"], cwd=root, env=env, stdout=subprocess.PIPE,
                           text=True).stdout
            run(["cargo", "clean", "--quiet", "-p", name], cwd=root, env=env)
            passes = subprocess.run(NICE + ["cargo", "rustc", "--quiet", "-p", name, "--profile=check", "--",
                                            "-Ztime-passes"], cwd=root, env=env, stderr=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, text=True).stderr
            timings = {}
            for line in passes.splitlines():
                match = re.match(r"time:\s+([\d.]+);.*\t(\S+)$", line)
                if match:
                    timings[match.group(2)] = max(timings.get(match.group(2), 0), float(match.group(1)))
            top = sorted(((k, v) for k, v in timings.items() if k != "total"), key=lambda kv: -kv[1])[:6]
            results[f"{variant}-{n}"] = {"source_lines": source.count("\n"), "expanded_lines": expanded.count("\n"),
                                         "expanded_bytes": len(expanded), "passes": timings}
            rows.append([f"{n:,}", variant, f"{source.count(chr(10)) / n:.0f}", f"{expanded.count(chr(10)) / n:.0f}",
                         f"{len(expanded) / n:,.0f}", f"{timings.get('total', 0):.2f} s",
                         ", ".join(f"{k} {v:.2f} s" for k, v in top)])
    print("\nWhere `cargo check` spends its time in one crate of N models "
          "(`-Zunpretty=expanded` and `-Ztime-passes` with RUSTC_BOOTSTRAP=1, from clean):\n")
    print(table(["models", "variant", "source lines / model", "expanded lines / model", "expanded bytes / model",
                 "rustc total", "largest passes (nested passes overlap)"], rows))
    save("compile-profile", results)


# The derive's expansion, written out by hand, with one part left out at a time.
BREAKDOWN_PARTS = ("table_fn", "registration", "uniqueness")
BREAKDOWN_VARIANTS = {
    "plain": None,
    "derive": None,
    "expansion": set(BREAKDOWN_PARTS),
    "without table_fn": set(BREAKDOWN_PARTS) - {"table_fn"},
    "without registration": set(BREAKDOWN_PARTS) - {"registration"},
    "without uniqueness": set(BREAKDOWN_PARTS) - {"uniqueness"},
    "descriptors only": set(),
}


def breakdown_source(variant: str, n: int) -> str:
    """One crate of N models: plain structs, the real derive, or what the
    derive expands to (as of this commit) written out, keeping only `parts`
    of it besides the descriptors and the `Model` impl."""
    if variant in ("plain", "derive"):
        return gen.compile_source(variant, n)
    parts = BREAKDOWN_VARIANTS[variant]
    mr = "::model_registry"
    out = [f"//! Generated: {n} models, derive output by hand ({variant}).\n",
           'model_registry::models!();\nmodel_registry::metadata!(pub PLATFORM = "platform");\n']
    columns = (("id", "i64", False, True), ("name", "String", False, False),
               ("email", "Option<String>", True, False), ("score", "f64", False, False),
               ("active", "bool", False, False))
    for i in range(n):
        name, ty = gen.table(i), gen.struct(i)
        defs = ", ".join(
            f'{mr}::__private::column("{c}", "{c}", "{r}", <{r} as {mr}::ColumnType>::SQL_TYPE, '
            f"{str(nullable).lower()}, {str(pk).lower()}, None, None)"
            for c, r, nullable, pk in columns)
        body = [
            f"const __M: {mr}::Metadata = crate::PLATFORM;",
            f"static __C: [{mr}::ColumnDef; 5] = [{defs}];",
            f'static __T: {mr}::TableDef = {mr}::__private::table(&__M, None, "{name}", &__C, &[], &[], &[], '
            f'"compile::{name}::{ty}", {mr}::Location::new(Some("compile"), Some("0.1.0"), "src/lib.rs", {i + 1}, 1));',
            f"impl {mr}::Model for {ty} {{ const TABLE: &'static {mr}::TableDef = &__T; }}",
        ]
        if "table_fn" in parts:
            body.append(f"impl {ty} {{ #[allow(dead_code)] pub const fn __model_registry_table() "
                        f"-> &'static {mr}::TableDef {{ &__T }} }}")
        if "registration" in parts:
            body.append(f"{mr}::__private::register_table!(__T);")
        if "uniqueness" in parts:
            marker = f"ThisCrate{fnv1a(name) % 256:02X}"
            body.append(f"impl {mr}::__private::TableDefinedTwiceInThisCrate<{{ "
                        f'{mr}::__private::table_key(&__M, None, "{name}") }}> '
                        f"for crate::__add_model_registry_models_macro_to_the_crate_root::{marker} {{}}")
        out.append(f"pub mod {name} {{\n    pub struct {ty} {{ pub id: i64, pub name: String, "
                   f"pub email: Option<String>, pub score: f64, pub active: bool }}\n"
                   f"    #[allow(unsafe_code)]\n    const _: () = {{\n        " + "\n        ".join(body)
                   + "\n    };\n}\n")
    return "\n".join(out)


def compile_breakdown(args) -> None:
    """What each part of the derive's expansion costs `cargo check`: CPU
    seconds of one crate of N models for the real derive, its expansion
    written by hand, and that expansion with one part left out (incremental
    compilation off, so the numbers are the compiler's work alone)."""
    n = args.models
    root = GEN / "breakdown"
    variants = list(BREAKDOWN_VARIANTS)
    crates = {v: f"breakdown-{re.sub(r'[^a-z]+', '-', v)}" for v in variants}
    gen.write(root / "Cargo.toml", gen.HEADER + '[workspace]\nresolver = "3"\nmembers = ['
              + ", ".join(f'"{c}"' for c in crates.values()) + "]\n")
    gen.seed_lock(root)
    for variant, crate in crates.items():
        deps = "" if variant == "plain" else gen.registry_dep()
        gen.write(root / crate / "Cargo.toml", gen.HEADER + f'[package]\nname = "{crate}"\nversion = "0.1.0"\n'
                  'edition = "2024"\npublish = false\n\n[dependencies]\n' + deps)
        gen.write(root / crate / "src" / "lib.rs", breakdown_source(variant, n))
    env = cargo_env(root, CARGO_INCREMENTAL="0")
    cargo(root, ["check", "--workspace"], env={"CARGO_INCREMENTAL": "0"})
    cpu = {v: [] for v in variants}
    for rep in range(args.runs):
        for variant, crate in crates.items():
            cpu[variant].append(timed_build("check", crate, root, env)[1])
        log(f"run {rep + 1}/{args.runs} done")
    results = {v: summary(t) for v, t in cpu.items()}
    full = results["expansion"]["median"]
    rows = []
    for variant in variants:
        s = results[variant]
        if variant.startswith("without "):
            part = f"{(full - s['median']) / n * 1000:.2f} ms ({variant[len('without '):]})"
        elif variant == "derive":
            part = f"{(s['median'] - full) / n * 1000:.2f} ms (running the derive)"
        elif variant == "descriptors only":
            part = f"{(s['median'] - results['plain']['median']) / n * 1000:.2f} ms (descriptors, over plain)"
        else:
            part = "–"
        rows.append([variant, f"{s['median']:.2f} s", range_(s, lambda x: f"{x:.2f} s"), part])
    print(f"\n`cargo check` CPU seconds (user + system) of one crate of {n:,} models, incremental off, "
          f"from clean, {args.runs} runs; the derive's expansion written by hand, with one part left out:\n")
    print(table(["crate", "CPU median", "min – max", "cost per model"], rows))
    save("compile-breakdown", results)


def fnv1a(text: str) -> int:
    hash_ = 0x811C9DC5
    for byte in text.lower().encode():
        hash_ = (hash_ ^ byte) * 0x01000193 % 2**32
    return hash_


def coherence(args) -> None:
    """The derive's per-crate uniqueness check, alone: N impls of
    `Once<{ key("t_i") }>` (a const-fn hash, as the derive writes) for one
    marker type, as the derive did at first, against the same impls spread
    over 256 marker types chosen by a hash of the table name, as it does now
    (equal names always share a marker, so duplicates still conflict).
    rustc compares the impls of one self type pairwise."""
    work = GEN / "coherence"
    work.mkdir(parents=True, exist_ok=True)
    prelude = [
        "pub trait Once<const K: u128> {}",
        "pub const fn key(s: &str) -> u128 {",
        "    let b = s.as_bytes();",
        "    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;",
        "    let mut i = 0;",
        "    while i < b.len() { h ^= b[i] as u128; h = h.wrapping_mul(0x0100_0000_0000_0000_0000_0000_013b); i += 1; }",
        "    h",
        "}",
    ]
    rows, results = [], {}
    for n in sizes_arg(args.sizes):
        for shape in ("one marker", "256 markers"):
            lines = list(prelude)
            if shape == "one marker":
                lines.append("pub struct ThisCrate;")
            else:
                lines += [f"pub struct Marker{b};" for b in range(256)]
            for i in range(n):
                name = f"t_{i:06}"
                marker = "ThisCrate" if shape == "one marker" else f"Marker{fnv1a(name) % 256}"
                lines.append(f'impl Once<{{ key("{name}") }}> for {marker} {{}}')
            source = work / f"{shape.replace(' ', '-')}-{n}.rs"
            source.write_text("\n".join(lines) + "\n")
            started = time.monotonic()
            run(NICE + ["rustc", "--edition", "2024", "--crate-type", "lib", "--emit=metadata",
                        "-o", work / f"{source.stem}.rmeta", source])
            seconds = time.monotonic() - started
            results[f"{shape}-{n}"] = seconds
            rows.append([f"{n:,}", shape, f"{seconds:.2f} s"])
    print("\nrustc on N uniqueness impls alone (`rustc --emit=metadata`, one run each):\n")
    print(table(["impls", "self types", "seconds"], rows))
    save("coherence", results)


# --- db: create_all and verify against fresh databases --------------------------

BACKENDS = {"sqlite": "SQLite (file)", "postgres": "PostgreSQL", "mysql": "MariaDB"}
# (step, key in a sample, key of the statements counted in a sample)
DB_STEPS = (
    ("first `check()`", "check_ns", None),
    ("connect a pool", "connect_ns", None),
    ("`create_all`, empty database", "create_ns", "create_statements"),
    ("`create_all` again (no-op)", "second_create_ns", "second_create_queries"),
    ("`verify`", "verify_ns", "verify_queries"),
    ("`verify`, up to 100 tables with an extra column", "drifted_verify_ns", None),
    ("`plan` of those (a step per table)", "plan_ns", "plan_steps"),
)
# The same steps of scripts/sqlalchemy_create_all.py.
SQLALCHEMY_STEPS = {"check_ns": "register_ns", "connect_ns": "connect_ns", "create_ns": "create_ns",
                    "second_create_ns": "second_create_ns"}


def build_db_runners(sizes: list) -> dict:
    """Generates and builds bench-db-<N> for each size (release, into the
    startup workspace's target directory); returns {N: path}."""
    return build_sized(gen.db(sizes), "bench-db", sizes, ["--bins"], "bin",
                       env={"CARGO_TARGET_DIR": str(gen.db_target())})


def db_runs(args, n: int) -> int:
    """Samples per size: --runs, else 5 up to 1,000 tables and 3 above."""
    return args.runs if args.runs else (5 if n <= 1000 else 3)


def db_sample(exe: str, backend: str, location: str, n: int) -> dict:
    out = subprocess.run([exe, backend, location], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{exe} {backend} {location} failed:\n{out.stdout}{out.stderr}")
    sample = json.loads(out.stdout)
    if sample["tables"] != n:
        sys.exit(f"{exe} created {sample['tables']} tables, expected {n}")
    return sample


def sqlalchemy_sample(python: Path, data: Path, n: int) -> dict:
    path = data / f"sqlalchemy_{n}_{os.getpid()}.sqlite"
    path.unlink(missing_ok=True)
    try:
        out = run([python, REPO / "scripts" / "sqlalchemy_create_all.py", n, path], stdout=subprocess.PIPE, text=True)
    finally:
        path.unlink(missing_ok=True)
    return json.loads(out.stdout)


def db(args) -> None:
    backends = [b for b in args.backends.split(",") if b]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        sys.exit(f"unknown backends {sorted(unknown)}; expected some of {', '.join(BACKENDS)}")
    sizes_of = {b: sizes_arg(args.sqlite_sizes if b == "sqlite" else args.server_sizes) for b in backends}
    locations = {"sqlite": str(GEN / "db" / "data"), "postgres": args.postgres_url, "mysql": args.mysql_url}
    Path(locations["sqlite"]).mkdir(parents=True, exist_ok=True)
    with_sqlalchemy = "sqlite" in backends and args.sqlalchemy
    python, version = None, None
    if with_sqlalchemy:
        python, version = venv_python()
    exes = build_db_runners(sorted({n for sizes in sizes_of.values() for n in sizes}))
    # The build leaves hundreds of MB to write back. SQLAlchemy's create_all
    # syncs once per table: in a first round right after a build it took
    # 8-10x its median. Flush before the clock starts.
    os.sync()

    cells = [(b, n) for b in backends for n in sizes_of[b]]
    ours = {cell: [] for cell in cells}
    theirs = {cell: [] for cell in cells}
    load = [os.getloadavg()[0]]
    # Round-robin over every (backend, size), SQLAlchemy right after ours on
    # SQLite, so that load from the rest of the machine falls on all alike.
    for rep in range(max(db_runs(args, n) for _, n in cells)):
        for backend, n in cells:
            if rep >= db_runs(args, n):
                continue
            log(f"run {rep + 1}/{db_runs(args, n)}: {BACKENDS[backend]}, {n:,} tables")
            ours[(backend, n)].append(db_sample(exes[n], backend, locations[backend], n))
            if backend == "sqlite" and with_sqlalchemy:
                theirs[(backend, n)].append(sqlalchemy_sample(python, Path(locations["sqlite"]), n))
        load.append(os.getloadavg()[0])

    results, verdicts = {}, []
    for backend, n in cells:
        samples, sa = ours[(backend, n)], theirs[(backend, n)]
        r = {key: summary([s[key] for s in samples]) for _, key, _ in DB_STEPS}
        for _, _, counted in DB_STEPS:
            if counted:
                r[counted] = sorted({s[counted] for s in samples})
        r["catalog_queries"] = sorted({s["catalog_queries"] for s in samples})
        r["samples"] = samples
        if sa:
            r["sqlalchemy"] = {key: summary([s[key] for s in sa]) for key in SQLALCHEMY_STEPS.values()}
            r["sqlalchemy"]["second_create_queries"] = sorted({s["second_create_queries"] for s in sa})
            r["sqlalchemy"]["pragmas"] = sorted({f"journal_mode={s['journal_mode']}, synchronous={s['synchronous']}"
                                                  for s in sa})
            r["sqlalchemy"]["samples"] = sa
            r["ratio"] = {key: r["sqlalchemy"][theirs_key]["median"] / r[key]["median"]
                          for key, theirs_key in SQLALCHEMY_STEPS.items()}
        results.setdefault(backend, {})[n] = r

    counts = lambda values: "/".join(f"{v:,}" for v in values)
    print("\nEach sample is a fresh process (`bench-db-<N>`, release) on a new, empty database, with a pool of "
          "one connection opened before the clock starts: its first `check()`, connecting, `create_all`, "
          "`create_all` again (it must be a no-op) and `verify` (it must be clean). \"statements\": for "
          "`create_all`, the DDL it ran; for the other steps, the statements sqlx logged (catalog reads and "
          "transaction control), and for `verify` also its own `catalog_queries()`. "
          + ("SQLAlchemy's side is `scripts/sqlalchemy_create_all.py` on the same models in a fresh process "
             "and file, right after ours in each round: its first row is its registration (classes + "
             "`configure_mappers()`, outside the `create_all` clock), its statements those its cursor "
             "executed." if with_sqlalchemy else ""))
    for backend, n in cells:
        r = results[backend][n]
        sa = r.get("sqlalchemy")
        rows = []
        for label, key, counted in DB_STEPS:
            s = r[key]
            statements = counts(r[counted]) if counted else "–"
            if key == "verify_ns":
                statements = f"{statements} ({counts(r['catalog_queries'])} catalog)"
            row = [label, ns(s["median"]), spread(s), range_(s), statements]
            if sa:
                theirs_key = SQLALCHEMY_STEPS.get(key)
                if theirs_key:
                    t = sa[theirs_key]
                    theirs_statements = counts(sa["second_create_queries"]) if key == "second_create_ns" else "–"
                    row += [ns(t["median"]), spread(t), range_(t), theirs_statements, f"{r['ratio'][key]:,.1f}×"]
                else:
                    row += ["–"] * 5
            rows.append(row)
        header = ["step", "median", "p10 – p90", "min – max", "statements"]
        if sa:
            header += ["SQLAlchemy median", "p10 – p90", "min – max", "statements", "SQLAlchemy / ours"]
        runs = len(r["samples"])
        print(f"\n{BACKENDS[backend]}, {n:,} tables ({runs} fresh process{'es' if runs > 1 else ''}, "
              f"each on a new database"
              + (f"; SQLAlchemy {version}, {len(sa['samples'])} process{'es' if len(sa['samples']) > 1 else ''}, "
                 f"{', '.join(r['sqlalchemy']['pragmas'])}" if sa else "") + "):\n")
        print(table(header, rows))

    sqlite = results.get("sqlite", {})
    for n, need in ((1000, 3), (10_000, 10)):
        if "ratio" in sqlite.get(n, {}):
            ratio = sqlite[n]["ratio"]["create_ns"]
            verdicts.append(f"SQLite `create_all` at {n:,} tables ≥ {need}× faster than SQLAlchemy: {ratio:,.1f}×, "
                            + ("met" if ratio >= need else "missed"))
    for backend in backends:
        r = results[backend].get(1000)
        if r:
            beyond = r["plan_ns"]["median"] - r["drifted_verify_ns"]["median"]
            verdicts.append(f"{BACKENDS[backend]} `plan` of 1,000 tables with 100 differences ≤ 50 ms beyond the "
                            f"catalog read (plan median − verify median of the same database): {ns(max(beyond, 0))}, "
                            + ("met" if beyond <= 50e6 else "missed"))
    if 1000 in results.get("postgres", {}):
        median = results["postgres"][1000]["verify_ns"]["median"]
        verdicts.append(f"PostgreSQL `verify` of 1,000 tables ≤ 0.5 s: {ns(median)} median, "
                        + ("met" if median <= 0.5e9 else "missed"))
    for backend in backends:
        by_size = results[backend]
        catalog = sorted({q for r in by_size.values() for q in r["catalog_queries"]})
        logged = sorted({q for r in by_size.values() for q in r["verify_queries"]})
        at = ", ".join(f"{n:,}" for n in by_size)
        verdicts.append(f"{BACKENDS[backend]} `verify` catalog queries at {at} tables: {counts(catalog)} "
                        f"({counts(logged)} in sqlx's log): "
                        + ("constant" if len(catalog) == 1 and len(logged) == 1 else "NOT constant"))
    print("\nTargets:\n\n" + "\n".join(f"- {v}" for v in verdicts))
    print(f"\n1-minute load average during the run: {min(load):.2f} – {max(load):.2f}")
    save("db", {"sqlalchemy_version": version, "load_avg_1m": load, "verdicts": verdicts,
                "by_backend": {b: {str(n): r for n, r in by_size.items()} for b, by_size in results.items()}})


# --- smoke: everything once, small ----------------------------------------------


def smoke(args) -> None:
    global RESULTS
    # Kept apart, so a smoke run never overwrites the real results.
    RESULTS = RESULTS / "smoke"
    started = time.monotonic()
    n = args.tables
    ns_ = argparse.Namespace
    startup(ns_(sizes=f"0,{n}", runs=3, heap_runs=1, inventory=False, relr=False))
    startup(ns_(sizes=f"0,{n}", runs=3, heap_runs=1, inventory=True, relr=False))
    startup(ns_(sizes=f"0,{n}", runs=3, heap_runs=1, inventory=False, relr=True))
    # Already built above: the default and the DT_RELR link side by side.
    interleave(ns_(runs=3, exes=[build_runners([n])[n], build_runners([n], relr=True)[n]]))
    registry(ns_(tables=n, divan_args=["--sample-count", "3", "--sample-size", "3"]))
    init(ns_(sizes=f"0,{n}", runs=3))
    size(ns_(sizes=f"0,{n}"))
    if args.sqlalchemy:
        sqlalchemy(ns_(sizes=str(n), runs=1, rust_runs=3))
    compile_(ns_(sizes=str(n), runs=1, variants="plain,derive"))
    compile_profile(ns_(sizes=str(n), variants="plain,derive"))
    compile_breakdown(ns_(models=n, runs=1))
    coherence(ns_(sizes=str(n)))
    db(ns_(sqlite_sizes=str(n), server_sizes=str(n), runs=1, sqlalchemy=args.sqlalchemy,
           backends="sqlite,postgres,mysql" if args.db_servers else "sqlite",
           postgres_url=args.postgres_url, mysql_url=args.mysql_url))
    print(f"\nsmoke: every benchmark ran once in {time.monotonic() - started:.0f} s")


def db_server_args(parser) -> None:
    """The servers' URLs, without a database; the runner goes through the
    `test` database to create and drop its own (as the tests do)."""
    parser.add_argument("--postgres-url",
                        default=os.environ.get("MR_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--mysql-url", default=os.environ.get("MR_MYSQL_URL", "mysql://root@127.0.0.1:3306"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)

    p = sub.add_parser("startup", help="first check() in fresh processes")
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--heap-runs", type=int, default=1, help="runs that count allocations (deterministic)")
    p.add_argument("--inventory", action="store_true",
                   help="register through inventory's constructors, as on wasm32 and windows-gnu")
    p.add_argument("--relr", action="store_true",
                   help="link with -z pack-relative-relocs (DT_RELR): fewer relocation entries for the loader")
    p.set_defaults(func=startup)

    p = sub.add_parser("interleave", help="built first-check binaries, round-robin, side by side")
    p.add_argument("--runs", type=int, default=41)
    p.add_argument("exes", nargs="+", help="bench-run-<N> binaries (of any commit or link)")
    p.set_defaults(func=interleave)

    p = sub.add_parser("registry", help="divan: from_definitions and lookups")
    p.add_argument("--tables", type=int, default=100_000, help="models linked into the bench binary")
    p.add_argument("divan_args", nargs="*", help="passed to divan, after --")
    p.set_defaults(func=registry)

    p = sub.add_parser("init", help="init sections with 0 and N models")
    p.add_argument("--sizes", default="0,10000,100000")
    p.add_argument("--runs", type=int, default=11)
    p.set_defaults(func=init)

    p = sub.add_parser("size", help="binary bytes per model")
    p.add_argument("--sizes", default="0,1000,10000")
    p.set_defaults(func=size)

    p = sub.add_parser("sqlalchemy", help="SQLAlchemy registration vs first check()")
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument("--runs", type=int, default=5, help="SQLAlchemy processes per size")
    p.add_argument("--rust-runs", type=int, default=21, help="model-registry processes per size")
    p.set_defaults(func=sqlalchemy)

    p = sub.add_parser("compile", help="compile cost per model")
    p.add_argument("--sizes", default="200,1000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--variants", default=",".join(gen.COMPILE_VARIANTS))
    p.set_defaults(func=compile_)

    p = sub.add_parser("compile-profile", help="expansion size and rustc passes of the model crates")
    p.add_argument("--sizes", default="1000")
    p.add_argument("--variants", default="plain,derive,seaorm,seaorm2")
    p.set_defaults(func=compile_profile)

    p = sub.add_parser("compile-breakdown", help="what each part of the derive's expansion costs cargo check")
    p.add_argument("--models", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    p.set_defaults(func=compile_breakdown)

    p = sub.add_parser("coherence", help="the derive's uniqueness impls alone: one marker vs 256")
    p.add_argument("--sizes", default="500,1000,2000")
    p.set_defaults(func=coherence)

    p = sub.add_parser("db", help="create_all and verify on SQLite, PostgreSQL, MariaDB; SQLAlchemy's create_all")
    p.add_argument("--sqlite-sizes", default="1000,10000")
    # 100 besides the issue's 1,000, so one run shows verify's catalog
    # queries stay constant on the servers too.
    p.add_argument("--server-sizes", default="100,1000", help="sizes on PostgreSQL and MariaDB")
    p.add_argument("--runs", type=int, default=0, help="samples per size (default: 5 up to 1,000 tables, 3 above)")
    p.add_argument("--backends", default="sqlite,postgres,mysql")
    p.add_argument("--no-sqlalchemy", dest="sqlalchemy", action="store_false",
                   help="skip SQLAlchemy's create_all (and its venv)")
    db_server_args(p)
    p.set_defaults(func=db)

    p = sub.add_parser("smoke", help="every benchmark once, small N")
    p.add_argument("--tables", type=int, default=50)
    p.add_argument("--sqlalchemy", action="store_true", help="also SQLAlchemy (creates the venv)")
    p.add_argument("--db-servers", action="store_true", help="also create_all/verify on PostgreSQL and MariaDB")
    db_server_args(p)
    p.set_defaults(func=smoke)

    args = parser.parse_args()
    shutil.which("cargo") or sys.exit("cargo not found")
    args.func(args)


if __name__ == "__main__":
    main()
