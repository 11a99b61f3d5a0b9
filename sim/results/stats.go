package results

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// CI95 is the 95% confidence interval of the mean of xs (Student's t with
// n-1 degrees of freedom): how far the mean over these replications may
// be from the mean over infinitely many. NaN for fewer than 2 values.
func CI95(xs []float64) (lo, hi float64) {
	n := float64(len(xs))
	if len(xs) < 2 {
		return math.NaN(), math.NaN()
	}
	m, sd := stat.MeanStdDev(xs, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	h := t * sd / math.Sqrt(n)
	return m - h, m + h
}
