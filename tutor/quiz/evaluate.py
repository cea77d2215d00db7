"""Measure the free-text profile mapping on the labelled descriptions in data/profiles.yaml.

    python -m tutor.quiz.evaluate [--no-model] [--split heldout2|dev|heldout|all] [--json]

Reports the held-out split (heldout2: written after round 1, never tuned on) unless told otherwise; the
other splits were tuned on and are marked so. For each mode (model, keywords, model+keywords,
keywords+model): track accuracy; accuracy on the answers a description states (44% of labels are "unknown",
and answering "unknown" is the easy default, so those are not mixed in); and for unstated answers, how often
the mapping kept "unknown" and how often it invented one. The model is called once per description; the
combinations are computed from its answers.
"""
from __future__ import annotations

import argparse
import json
import time
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tutor.quiz import profile, recommend
from tutor.quiz.recommend import UNKNOWN
from tutor.quiz.schema import RecommendSpec, load_recommend


HELDOUT = "heldout2"  # the only split never tuned on
TUNED = {"dev": "the keywords were tuned on it", "heldout": "tuned on in round 2", "all": "two-thirds tuned on"}


def load_profiles(split: str = "all") -> list[dict[str, Any]]:
    data = yaml.safe_load(resources.files("tutor.quiz").joinpath("data", "profiles.yaml").read_text(encoding="utf-8"))
    return [p for p in data["profiles"] if split == "all" or p["split"] == split]


def labels(spec: RecommendSpec, p: dict[str, Any]) -> dict[str, str]:
    return {q.id: p["answers"].get(q.id, UNKNOWN) for q in spec.questions}


def predictions(spec: RecommendSpec, text: str, llm: Any, prompts_dir: Path) -> dict[str, dict[str, str]]:
    """Answers for every mode, from one model call."""
    text = profile.clean_profile(text)
    kw = profile.keyword_answers(spec, text)
    md = profile.model_answers(spec, text, llm, prompts_dir) if llm is not None else None
    out = {"keywords": kw}
    if llm is not None:
        out["model"] = profile.combine(spec, md, None, ("model", "-"))[0]
        out["model+keywords"] = profile.combine(spec, md, kw, ("model", "keywords"))[0]
        out["keywords+model"] = profile.combine(spec, kw, md, ("keywords", "model"))[0]
    return out


def evaluate(spec: RecommendSpec, profiles: list[dict[str, Any]], llm: Any, prompts_dir: Path) -> dict[str, Any]:
    rows, seconds = [], []
    for p in profiles:
        start = time.perf_counter()
        rows.append((p, predictions(spec, p["text"], llm, prompts_dir)))
        seconds.append(time.perf_counter() - start)
    report: dict[str, Any] = {"profiles": len(profiles), "seconds_per_profile": round(sum(seconds) / len(seconds), 2),
                              "modes": {}}
    for mode in rows[0][1]:
        per_q = {q.id: [0, 0] for q in spec.questions}  # right, stated
        stated_right = stated = kept = unstated = tracks = 0
        misses = []
        for p, preds in rows:
            want, got = labels(spec, p), preds[mode]
            for qid in per_q:
                if want[qid] == UNKNOWN:  # "unknown" is credited only here, and reported apart
                    unstated += 1
                    kept += got[qid] == UNKNOWN
                else:
                    stated += 1
                    stated_right += want[qid] == got[qid]
                    per_q[qid][0] += want[qid] == got[qid]
                    per_q[qid][1] += 1
                if want[qid] != got[qid]:
                    misses.append(f"{p['id']}.{qid}: want {want[qid]}, got {got[qid]}")
            track = recommend.score(spec, got).track
            tracks += track == p["track"]
            if track != p["track"]:
                misses.append(f"{p['id']}: TRACK want {p['track']}, got {track}")
        n = len(rows)
        report["modes"][mode] = {
            "track_accuracy": round(tracks / n, 3),
            "stated_accuracy": round(stated_right / stated, 3) if stated else None,
            "unknown_kept": round(kept / unstated, 3) if unstated else None,
            "invented": unstated - kept,
            "per_question": {qid: round(r / t, 3) if t else None for qid, (r, t) in per_q.items()},
            "misses": misses,
        }
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="keywords only")
    parser.add_argument("--split", default=HELDOUT, choices=[HELDOUT, "dev", "heldout", "all"],
                        help="heldout2 (default) is the only split never tuned on")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    args = parser.parse_args(argv)

    from tutor.config import get_settings

    settings = get_settings()
    llm = None
    if not args.no_model:
        from tutor.llm import get_llm

        llm = get_llm(settings)
    report = evaluate(load_recommend(), load_profiles(args.split), llm, settings.prompts_dir)
    if args.json:
        print(json.dumps(report))
        return
    split = args.split if args.split == HELDOUT else f"{args.split}: TUNED ON, {TUNED[args.split]}"
    print(f"{report['profiles']} descriptions ({split}), {report['seconds_per_profile']} s each; per question: "
          "accuracy on the answers the descriptions state")
    qids = list(next(iter(report["modes"].values()))["per_question"])
    print(f"{'mode':<16}{'track':>7}{'stated':>8}{'unknown kept':>14}{'invented':>10}  "
          + " ".join(f"{q[:9]:>9}" for q in qids))
    for mode, m in report["modes"].items():
        cells = " ".join(f"{v:>9.0%}" if v is not None else f"{'-':>9}" for v in m["per_question"].values())
        print(f"{mode:<16}{m['track_accuracy']:>7.0%}{m['stated_accuracy']:>8.0%}{m['unknown_kept']:>14.0%}"
              f"{m['invented']:>10}  {cells}")
        if args.misses:
            for miss in m["misses"]:
                print(f"    {miss}")


if __name__ == "__main__":
    main()
