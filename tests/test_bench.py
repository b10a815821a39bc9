"""`make bench` keeps working: its verdicts follow the targets, and both scripts run end to end."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.http_bench import print_table
from bench.scale import report

ROOT = Path(__file__).resolve().parent.parent


def run(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", f"bench.{name}", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def throughput(rps: float, errors: int = 0) -> dict:
    return {"rps": rps, "p50": 1.0, "p95": 2.0, "p99": 3.0, "errors": errors}


def test_throughput_verdicts_follow_the_targets(capsys):
    rows = [("ceiling (bare Flask app)", throughput(1000)), ("/livez (the site's own)", throughput(900)),
            ("search fragment", throughput(699)), ("point page", throughput(700)),
            ("/ (home with map)", throughput(600)), ("GeoJSON API", throughput(800, errors=1)),
            ("feedback submission", throughput(499))]
    missed = print_table("sqlite", rows, {"weight": 80_000, "rss": [120.0, 151.0]})
    assert missed == ["sqlite: search fragment", "sqlite: GeoJSON API", "sqlite: feedback submission",
                      "sqlite: worker memory"]
    out = capsys.readouterr().out
    assert "| search fragment | 699 |" in out and "| 0.70 | ≥ 0.7×, 0 errors |" in out

    rows[2], rows[5] = ("search fragment", throughput(700)), ("GeoJSON API", throughput(800))
    rows[6] = ("feedback submission", throughput(500))
    assert print_table("sqlite", rows, {"weight": 80_000, "rss": [150.0]}) == []


def test_scale_verdict_is_the_median_ratio(capsys):
    samples = {10_000: {"point page": [0.010, 0.010, 0.011], "overview": [0.040, 0.041, 0.040]},
               1_000_000: {"point page": [0.016, 0.016, 0.005], "overview": [0.060, 0.059, 0.061]}}
    assert report("sqlite", samples) == ["sqlite: point page ×1.60"]
    out = capsys.readouterr().out
    assert "| point page | 10.00 | 16.00 | 1.60 OVER |" in out
    assert "| overview | 40.00 | 60.00 | 1.50 |" in out


@pytest.mark.slow
def test_scale_benchmark_runs_on_a_small_database():
    done = run("scale", "--sizes", "100,300", "--rounds", "1", "--databases", "sqlite")
    assert done.returncode in (0, 1), done.stderr
    assert "sqlite: 300 ratings loaded by `flask bench-data`" in done.stdout
    rows = re.findall(r"^\| (overview|point page|submission)[^|]*\|", done.stdout, re.MULTILINE)
    assert len(rows) == 5, done.stdout
    assert ("Every median within" in done.stdout) == (done.returncode == 0)


@pytest.mark.slow
def test_throughput_benchmark_runs_and_submissions_are_accepted():
    done = run("http_bench", "--seconds", "1", "--warmup", "0", "--connections", "8", "--databases", "sqlite")
    assert done.returncode in (0, 1), done.stderr
    submission = re.search(r"^\| feedback submission \| ([\d,]+) \|(?: [\d.]+ \|){3} (\d+) \|", done.stdout,
                           re.MULTILINE)
    assert submission, done.stdout
    assert int(submission.group(1).replace(",", "")) > 0
    assert submission.group(2) == "0", "every rating posted during the benchmark must be accepted"
    assert re.search(r"Worker RSS: \d+, \d+ MB", done.stdout)
    ceiling = re.search(r"^\| ceiling \(bare Flask app\) \| ([\d,]+) \|", done.stdout, re.MULTILINE)
    assert ceiling and int(ceiling.group(1).replace(",", "")) > 0, done.stdout
    assert "Accept-Encoding: gzip, deflate, br" in done.stdout


@pytest.mark.slow
def test_instruction_count_runs_and_every_counted_rating_is_stored():
    done = run("post_instructions", "--posts", "3", "--warmup", "2")
    assert done.returncode == 0, done.stdout + done.stderr  # it fails when a counted post was not a 303
    count = re.search(r"callgrind, 3 posts after 2 of warm-up\): ([\d.]+) M$", done.stdout, re.MULTILINE)
    assert count and 1 < float(count.group(1)) < 100, done.stdout
