#!/usr/bin/env python3
"""The threads twin's benchmark: multiprocessing.dummy.Pool(2) per-task overhead.

size = N (default 100000).  Measurement (tasks/s, pool creation not timed):
  thread_pool_map_chunk1_N   dummy.Pool(2).map(square, range(N), chunksize=1)

Uses shared/bench/common.py (load policy, repetitions, result lines), found
in the current folder (Benchmarks/run runs the CPython scripts from
shared/bench) or at ../../../shared/bench from this file.
"""
import os
import sys
import time
from multiprocessing.dummy import Pool

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.getcwd(), os.path.join(HERE, '..', '..', '..', 'shared', 'bench')]
import common  # noqa: E402


def square(x):
    return x * x


def main():
    p = common.base_parser(__doc__, 'number of tasks N (default 100000)', 100000)
    args = p.parse_args()
    n = args.size
    common.header('thread_pool_map', N=n, threads=2)
    expect = sum(i * i for i in range(n))

    def run():
        with Pool(2) as pool:
            pool.map(square, range(8), chunksize=1)  # warm up
            t = time.perf_counter()
            r = pool.map(square, range(n), chunksize=1)
            dt = time.perf_counter() - t
        assert sum(r) == expect
        return [(f'thread_pool_map_chunk1_{n}', n / dt, 'tasks/s')]

    common.measure(run, args.reps, 'thread pool map chunk1')


if __name__ == '__main__':
    main()
