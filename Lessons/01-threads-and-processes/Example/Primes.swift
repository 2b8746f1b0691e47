// region: work
/// The sum of the primes below `n`, found the slow way on purpose: every
/// candidate is tried against each divisor up to its square root.
func sumOfPrimes(below n: Int) -> Int {
    var sum = 0
    var candidate = 2
    while candidate < n {
        var isPrime = true
        var divisor = 2
        while divisor * divisor <= candidate {
            if candidate % divisor == 0 {
                isPrime = false
                break
            }
            divisor += 1
        }
        if isPrime { sum += candidate }
        candidate += 1
    }
    return sum
}
// endregion: work
