"""Benchmark harness: a synthetic corpus, one measured build, and a site-vs-plain comparison.

python -m benchmarks.corpus --articles 2000 /tmp/corpus    # write a corpus
python -m benchmarks.build --config site --content /tmp/corpus --output /tmp/out
python -m benchmarks.bench --articles 2000 --repeat 3      # the comparison table
"""
