"""Force-scale data for the benchmarks and the load test (bench/scale/build.py)."""
