"""Tests of scripts/refresh-data on a small fixture in InferenceX-app's layout and row schema.

Run from the repository root: python3 -m unittest discover -s tests/refresh_data
The fixture (tests/fixtures/inferencex/checkout) holds a dozen benchmark rows built by hand: a
dominated point, an older run of a configuration that must lose to its newer run, a same-date
duplicate across the two files, a disaggregated row, a legacy disaggregated row whose GPU split is
derived from its rates, rows that must be left out, and a registry with a provisional price.
"""

import importlib.machinery
import importlib.util
import os
import shutil
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "inferencex")
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def load_script():
    path = os.path.join(ROOT, "scripts", "refresh-data")
    loader = importlib.machinery.SourceFileLoader("refresh_data", path)
    spec = importlib.util.spec_from_loader("refresh_data", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


refresh_data = load_script()


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class FixtureRefresh(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp()
        shutil.copy(os.path.join(FIXTURE, "prices-before.csv"), os.path.join(self.out, "prices.csv"))

    def tearDown(self):
        shutil.rmtree(self.out)

    def run_script(self, *extra):
        args = [os.path.join(FIXTURE, "checkout"), "--out", self.out, "--commit", COMMIT, *extra]
        self.assertEqual(refresh_data.main(args), 0)

    def test_writes_the_expected_csvs(self):
        self.run_script()
        for name in ("measurements.csv", "prices.csv"):
            with self.subTest(name=name):
                self.assertEqual(read(os.path.join(self.out, name)), read(os.path.join(FIXTURE, "expected", name)))

    def test_a_second_run_changes_nothing(self):
        self.run_script()
        first = [read(os.path.join(self.out, n)) for n in ("measurements.csv", "prices.csv")]
        self.run_script()
        self.assertEqual(first, [read(os.path.join(self.out, n)) for n in ("measurements.csv", "prices.csv")])

    def test_without_a_survey_name_it_asks_for_one(self):
        checkout = os.path.join(self.out, "checkout")
        shutil.copytree(os.path.join(FIXTURE, "checkout"), checkout)
        registry = os.path.join(checkout, refresh_data.REGISTRY)
        text = read(registry).replace("Market July 2026 Pricing Surveys", "pricing")
        with open(registry, "w", encoding="utf-8") as f:
            f.write(text)
        self.assertEqual(refresh_data.main([checkout, "--out", self.out, "--commit", COMMIT]), 1)
        self.assertEqual(refresh_data.main([checkout, "--out", self.out, "--commit", COMMIT, "--survey", "2026-07"]), 0)


class Pieces(unittest.TestCase):
    def test_frontier_drops_dominated_points_and_sorts_ascending(self):
        points = [{"x": 45.0, "total": 1500.0}, {"x": 50.0, "total": 2000.0}, {"x": 90.0, "total": 800.0},
                  {"x": 90.0, "total": 700.0}, {"x": 20.0, "total": 5000.0}, {"x": 10.0, "total": 5000.0}]
        front = refresh_data.frontier(points)
        self.assertEqual([(p["x"], p["total"]) for p in front], [(20.0, 5000.0), (50.0, 2000.0), (90.0, 800.0)])

    def test_disaggregated_output_is_per_gpu_of_the_whole_deployment(self):
        row = {"disagg": True, "num_prefill_gpu": 4, "num_decode_gpu": 16,
               "metrics": {"tput_per_gpu": 5000.0, "output_tput_per_gpu": 3125.0, "input_tput_per_gpu": 12500.0}}
        self.assertEqual(refresh_data.output_per_gpu(row), (2500.0, False))

    def test_a_wrong_gpu_split_is_derived_from_the_rates(self):
        # 8 prefill + 16 decode GPUs, recorded as 24 and 24.
        row = {"disagg": True, "num_prefill_gpu": 24, "num_decode_gpu": 24,
               "metrics": {"tput_per_gpu": 3000.0, "output_tput_per_gpu": 500.0, "input_tput_per_gpu": 8000.0}}
        output, derived = refresh_data.output_per_gpu(row)
        self.assertTrue(derived)
        self.assertAlmostEqual(output, 500.0 * 16 / 24)

    def test_aggregated_output_is_taken_as_recorded(self):
        row = {"disagg": False, "num_prefill_gpu": 64, "num_decode_gpu": 64,
               "metrics": {"tput_per_gpu": 2000.0, "output_tput_per_gpu": 1000.0}}
        self.assertEqual(refresh_data.output_per_gpu(row), (1000.0, False))

    def test_registry_reads_entries_nested_braces_and_comments(self):
        entries = refresh_data.registry(read(os.path.join(FIXTURE, "checkout", refresh_data.REGISTRY)))
        self.assertEqual(sorted(entries), ["b300", "h200", "mi355x", "rtx5090"])
        self.assertEqual(entries["mi355x"]["costr"], 2.1)
        self.assertNotIn("costn", entries["mi355x"])
        self.assertIn("placeholder", refresh_data.provisional_note(entries["b300"]))
        self.assertEqual(refresh_data.provisional_note(entries["h200"]), "")


if __name__ == "__main__":
    unittest.main()
