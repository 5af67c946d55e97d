#!/usr/bin/env python3
"""Saves the plots of a study's HTML report (./study report ID writes .state/reports/ID.html) as standalone SVG
files, so a write-up such as RESULTS.md can show them. Each SVG gets the page's colours and the plot styles inline,
since on the page they come from its stylesheet. Usage: benchmarks/report-plots.py REPORT.html OUT_DIR"""
import html
import os
import re
import sys


def main(report, out_dir):
    page = open(report, encoding="utf-8").read()
    css = re.search(r"<style>(.*?)</style>", page, re.S)
    if css is None:
        sys.exit(f"{report}: no <style> element; is it a study report?")
    # the page's colour variables and its svg rules are all a plot needs; an SVG file has no :root of its own
    variables = re.search(r":root\s*\{([^}]*)\}", css.group(1))
    rules = [r for r in re.findall(r"[^{}]+\{[^}]*\}", css.group(1)) if r.strip().startswith("svg")]
    style = "svg {" + (variables.group(1) if variables else "") + " font: 14px system-ui, sans-serif; }\n" + "\n".join(
        r.strip() for r in rules)
    os.makedirs(out_dir, exist_ok=True)
    plots = re.findall(r"<svg\b[^>]*>.*?</svg>", page, re.S)
    if not plots:
        sys.exit(f"{report}: no plots found")
    for svg in plots:
        opening = re.match(r"<svg\b[^>]*>", svg).group(0)
        kind = re.search(r'data-plot="([^"]+)"', opening)
        suite = re.search(r'data-suite="([^"]+)"', opening)
        name = (kind.group(1) if kind else "plot") + ("-" + html.unescape(suite.group(1)) if suite else "")
        # a white background first: viewers show a transparent SVG on their own (often dark) background
        background = '<rect width="100%" height="100%" fill="#fff"/>'
        standalone = opening + background + "<style>" + style + "</style>" + svg[len(opening):]
        path = os.path.join(out_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".svg")
        with open(path, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + standalone + "\n")
        print(path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
