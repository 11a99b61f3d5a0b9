// Package output writes the results of a run: the daily CSV, the summary
// JSON and the output folder that holds them, which appears whole or not
// at all. It consumes the model's results; the model never imports it.
package output
