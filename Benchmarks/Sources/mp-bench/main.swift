import Glibc
import Multiprocessing

// mp-bench NAME [SIZE]
//
// Runs one repetition of one benchmark and prints its figure in the same
// line format as the CPython scripts in shared/bench:
//     name=<id> value=<value> unit=<unit>
// Benchmarks/run alternates these runs with CPython's and C's and prints
// the medians side by side.

MP.bootstrap()

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func emit(_ name: String, _ value: Double, _ unit: String) {
    print("name=\(name) value=\(value) unit=\(unit)")
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: mp-bench process_start_join_{fork,spawn,forkserver}|pipe_pingpong_rtt|pipe_bw_send_bytes_1MiB|queue_N_rate|value_locked_rate [SIZE]")
    exit(2)
}
let name = arguments[1]
let size = arguments.count >= 3 ? Int(arguments[2]) : nil

do {
    switch name {
    case "process_start_join_fork", "process_start_join_spawn", "process_start_join_forkserver":
        let method = try MP.StartMethod(parsing: String(name.dropFirst("process_start_join_".count)))
        emit(name, try ProcessStart.millisecondsPerProcess(method: method, count: size ?? 200), "ms")
    case "pipe_pingpong_rtt":
        emit(name, try PipeBenchmarks.pingPongMicroseconds(roundTrips: size ?? 100_000), "us")
    case "pipe_bw_send_bytes_1MiB":
        emit(name, try PipeBenchmarks.bandwidthMegabytesPerSecond(mebibytes: size ?? 1024), "MB/s")
    case "pool_map_chunk1_100000", "pool_apply_async_100000", "pool_imap_unordered_100000":
        let kind = String(name.dropFirst("pool_".count).dropLast("_100000".count))
        emit(name, try PoolBenchmarks.tasksPerSecond(kind, count: size ?? 100_000), "tasks/s")
    case "thread_pool_map_chunk1_100000":
        emit(name, try ThreadPoolBenchmarks.mapTasksPerSecond(count: size ?? 100_000), "tasks/s")
    case "sum_primes_single":
        emit(name, try SumPrimes.singleSeconds(), "s")
    case "sum_primes_speedup_pool2":
        let single = try SumPrimes.singleSeconds()
        emit(name, single / (try SumPrimes.poolSeconds(processes: 2)), "x")
    case "manager_list_append", "manager_list_getitem", "manager_dict_setitem", "manager_dict_getitem":
        emit(name, try ManagerBenchmarks.operationsPerSecond(name, count: size ?? 10_000), "ops/s")
    case "value_locked_rate":
        emit(name, try ValueBenchmarks.lockedIncrementsPerSecond(perProcess: size ?? 100_000), "incr/s")
    case let queue where queue.hasPrefix("queue_") && queue.hasSuffix("_rate"):
        guard let count = Int(queue.dropFirst("queue_".count).dropLast("_rate".count)) else {
            print("unknown benchmark \(name)")
            exit(2)
        }
        emit(name, try QueueBenchmarks.messagesPerSecond(count: count), "msg/s")
    default:
        print("unknown benchmark \(name)")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
