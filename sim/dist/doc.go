// Package dist holds the random quantities of a scenario: durations and
// counts that are either fixed or drawn from a distribution, and the parser
// for their text form (`fixed(3h)`, `exponential(5d)`, `uniform(1h, 3h)`,
// `triangular(1h, 2h, 6h)`, `lognormal(mean=4h, sd=2h)`,
// `gamma(mean=2d, sd=1d)`, `weibull(shape=1.5, scale=10d)`, `poisson(120)`).
//
// Each distribution is a small value type with its parameters as exported
// fields, in the style of gonum's stat/distuv, which does the sampling. The
// random source is passed to Sample, never held globally. Durations are in
// hours; counts are whole numbers of records or cards.
package dist
