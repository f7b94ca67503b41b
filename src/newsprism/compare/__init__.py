"""Per-story comparison: align claims and quotes across articles, judge, report, render."""
