#!/usr/bin/env python3
"""Train a model on a dataset's labelled items and promote it when it is good enough — for cron or CI.

    LABELLOOP_TOKEN=llp_… python client/examples/train_and_promote.py fortunes --model-type TFIDF_SGD \\
        --params '{"epochs": 30}' --min-macro-f1 0.6 --reason "nightly retrain"

Needs an ADMIN's API token (LABELLOOP_TOKEN; or LABELLOOP_USERNAME and LABELLOOP_PASSWORD) and LABELLOOP_URL
(default http://127.0.0.1:8080). Prints one JSON line with the outcome. Exit status: 0 trained (and promoted,
unless --dry-run), 1 the API refused or the training failed (the reason is printed on stderr), 2 the model
missed the quality bar and was not promoted.
"""

from __future__ import annotations

import argparse
import json
import sys

from labelloop_client import Client, LabelloopError, TrainingRun

EXIT_OK, EXIT_FAILED, EXIT_BELOW_BAR = 0, 1, 2


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("dataset", help="dataset id; its registered model has the same name")
    parser.add_argument("--model-type", default="TFIDF_SGD", help="see `modelTypes` (default TFIDF_SGD)")
    parser.add_argument("--params", type=json.loads, default=None, help='model parameters as JSON, e.g. {"epochs": 30}')
    parser.add_argument("--filter", type=json.loads, default=None, help="training-set ItemFilter as JSON")
    parser.add_argument("--min-macro-f1", type=float, default=0.0, help="promote only at or above this macro F1")
    parser.add_argument("--reason", default="scheduled retraining", help="kept in the model's promotion history")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the training")
    parser.add_argument("--dry-run", action="store_true", help="train and check the bar, but do not promote")
    parser.add_argument("--url", default=None, help="server (default LABELLOOP_URL or http://127.0.0.1:8080)")
    return parser.parse_args(argv)


def train(client: Client, options: argparse.Namespace) -> TrainingRun:
    run = client.start_training(options.dataset, options.model_type, params=options.params, training_set=options.filter)
    print(f"started {run.id} ({options.model_type} on {options.dataset})", file=sys.stderr)
    for point in run.watch(timeout=options.timeout):
        print(f"  step {point.step}/{point.total or '?'}: accuracy {point.accuracy}", file=sys.stderr)
    return run.wait(timeout=options.timeout)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    try:
        with Client(options.url) as client:
            run = train(client, options)
            macro_f1 = run.metrics.macro_f1 if run.metrics else None
            outcome = {
                "run": run.id,
                "model": run.model_name,
                "version": run.model_version,
                "macro_f1": macro_f1,
                "promoted": False,
            }
            if macro_f1 is None or macro_f1 < options.min_macro_f1:
                print(json.dumps({**outcome, "reason": f"macro F1 below {options.min_macro_f1}"}))
                return EXIT_BELOW_BAR
            if not options.dry_run and run.model_name and run.model_version:
                event = client.promote(run.model_name, run.model_version, options.reason)
                outcome.update(promoted=True, previous_version=event.previous_version)
            print(json.dumps(outcome))
            return EXIT_OK
    except (LabelloopError, TimeoutError) as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
